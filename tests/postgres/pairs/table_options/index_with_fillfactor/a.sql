CREATE TABLE t (id int PRIMARY KEY, v int);
CREATE INDEX t_v ON t (v);
