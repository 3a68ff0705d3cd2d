CREATE TYPE ct1 AS (c1 int, c2 text, c3 numeric);
COMMENT ON COLUMN ct1.c1 IS 'type column comment';
COMMENT ON COLUMN ct1.c3 IS 'type column comment drop';
CREATE TYPE ct2 AS (a int);
CREATE TABLE uses (v ct1);
