CREATE TABLE f (id int PRIMARY KEY, flag boolean);
