CREATE TYPE m AS ENUM ('a', 'b', 'c');
CREATE TABLE t1 (id int PRIMARY KEY, v m);
