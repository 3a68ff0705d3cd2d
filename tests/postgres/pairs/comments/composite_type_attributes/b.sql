-- pgcodekeeper's alter_children_comments_in_end: a composite type's attributes carry comments (COMMENT ON COLUMN).
CREATE TYPE ct1 AS (c1 int, c2 text, c3 numeric);
COMMENT ON COLUMN ct1.c1 IS 'type column comment change';
COMMENT ON COLUMN ct1.c2 IS 'type column comment add';
CREATE TYPE ct2 AS (a int, b text);
COMMENT ON COLUMN ct2.b IS 'a new attribute''s comment';
COMMENT ON TYPE ct2 IS 'the type''s own';
CREATE TABLE uses (v ct1);
CREATE TYPE ct3 AS (x int, y int);
COMMENT ON COLUMN ct3.y IS 'on a new type';
