CREATE TYPE pt AS (y integer, x integer);
