-- A hash class over a built-in hash function, added beside the built-in int4_ops.
CREATE TABLE t (a int);
