-- A class in a schema the plan drops, after the index that named it goes back to the default class.
CREATE SCHEMA ops;
CREATE OPERATOR CLASS ops.int_h FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);
CREATE TABLE t (c int);
CREATE INDEX t_c ON t USING hash (c ops.int_h);
