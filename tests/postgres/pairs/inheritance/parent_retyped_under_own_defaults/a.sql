-- apgdiff#71, Pyrseas#33 (a helper's variation): a column retyped under a child's and a sub-partition's own defaults
-- (the parent has none: theirs are dropped before its ALTER ... TYPE and set again after)
CREATE TABLE parent (c varchar(10));
CREATE TABLE child () INHERITS (parent);
ALTER TABLE child ALTER COLUMN c SET DEFAULT 'x';
CREATE TABLE p (k int, c varchar(10)) PARTITION BY LIST (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1) PARTITION BY LIST (k);
CREATE TABLE p1a PARTITION OF p1 FOR VALUES IN (1);
ALTER TABLE ONLY p1a ALTER COLUMN c SET DEFAULT 'y';
