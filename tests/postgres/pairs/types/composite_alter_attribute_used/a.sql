CREATE TYPE pt AS (x integer, y integer);
CREATE TABLE shapes (id integer PRIMARY KEY, origin pt);
