CREATE TABLE ev (id int PRIMARY KEY, at bigint);
