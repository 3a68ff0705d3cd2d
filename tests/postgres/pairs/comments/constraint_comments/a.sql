CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, n int CHECK (n > 0));
