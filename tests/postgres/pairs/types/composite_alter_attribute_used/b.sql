CREATE TYPE pt AS (x bigint, y integer);
CREATE TABLE shapes (id integer PRIMARY KEY, origin pt);
