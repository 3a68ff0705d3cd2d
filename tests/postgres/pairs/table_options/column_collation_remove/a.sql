CREATE TABLE t (id int PRIMARY KEY, code varchar(20) COLLATE "POSIX");
CREATE INDEX t_code ON t (code);
