CREATE TABLE t (a int4);
CREATE INDEX t_a ON t (a);
