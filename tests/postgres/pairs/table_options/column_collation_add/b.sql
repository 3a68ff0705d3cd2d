CREATE TABLE t (id int PRIMARY KEY, code text COLLATE "C");
