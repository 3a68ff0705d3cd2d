CREATE TYPE point3 AS (x integer, y integer);
CREATE TABLE points OF point3;
