CREATE TABLE t (id int PRIMARY KEY, v int);
CREATE FUNCTION double_it(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
CREATE MATERIALIZED VIEW doubled AS SELECT id, double_it(v) AS d FROM t;
