CREATE TYPE pt AS (y integer, x integer);
CREATE TABLE shapes (id integer PRIMARY KEY, origin pt);
CREATE VIEW origins AS SELECT id, (origin).x AS x FROM shapes;
