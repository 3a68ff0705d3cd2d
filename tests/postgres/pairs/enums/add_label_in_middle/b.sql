CREATE TYPE m AS ENUM ('a', 'b', 'c', 'd');
CREATE TABLE t (id int PRIMARY KEY, v m);
