CREATE TYPE pt AS (x integer, y integer);
