CREATE TABLE f (id int PRIMARY KEY, flag integer);
INSERT INTO f VALUES (1, 1), (2, 0);
