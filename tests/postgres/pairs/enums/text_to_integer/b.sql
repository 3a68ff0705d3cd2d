CREATE TABLE c (id int PRIMARY KEY, n integer);
