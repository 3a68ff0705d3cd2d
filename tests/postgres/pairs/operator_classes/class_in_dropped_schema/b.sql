CREATE TABLE t (c int);
CREATE INDEX t_c ON t USING hash (c);
