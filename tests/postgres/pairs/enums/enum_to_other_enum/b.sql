CREATE TYPE e1 AS ENUM ('a', 'b');
CREATE TYPE e2 AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id int PRIMARY KEY, v e2);
