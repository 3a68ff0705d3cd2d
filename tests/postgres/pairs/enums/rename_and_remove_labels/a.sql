CREATE TYPE w AS ENUM ('mon', 'tue', 'wed');
CREATE TABLE cal (id int PRIMARY KEY, d w NOT NULL);
INSERT INTO cal VALUES (2, 'wed');
