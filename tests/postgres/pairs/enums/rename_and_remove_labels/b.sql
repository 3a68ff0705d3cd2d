CREATE TYPE w AS ENUM ('monday', 'wed');
CREATE TABLE cal (id int PRIMARY KEY, d w NOT NULL);
