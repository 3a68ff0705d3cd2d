-- a helper's variations of pgschema#600: an enum re-created (labels reordered) under a child's merged column and a
-- partition's, each with a default of its own (the parents' ALTER ... TYPE reaches them and cannot cast those)
CREATE TYPE st AS ENUM ('a', 'b');
CREATE TABLE p (s st);
CREATE TABLE c (s st DEFAULT 'a') INHERITS (p);
CREATE TABLE q (k int, s st) PARTITION BY LIST (k);
CREATE TABLE q1 PARTITION OF q FOR VALUES IN (1);
ALTER TABLE ONLY q1 ALTER COLUMN s SET DEFAULT 'b';
CREATE TYPE st2 AS ENUM ('a', 'b');
CREATE TABLE p2 (s st2);
CREATE TABLE c2 () INHERITS (p2);
ALTER TABLE c2 ALTER COLUMN s SET DEFAULT 'a';
