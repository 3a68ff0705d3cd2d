CREATE TABLE t (id int PRIMARY KEY, tags text[], live boolean);
