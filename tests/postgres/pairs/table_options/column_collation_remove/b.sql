CREATE TABLE t (id int PRIMARY KEY, code varchar(20));
CREATE INDEX t_code ON t (code);
