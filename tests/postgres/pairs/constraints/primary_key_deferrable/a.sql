CREATE TABLE t (id int PRIMARY KEY, pos int);
