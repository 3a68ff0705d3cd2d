CREATE TABLE foo (id int PRIMARY KEY, a int, c text);
CREATE MATERIALIZED VIEW foo_mv AS SELECT * FROM foo;
CREATE UNIQUE INDEX foo_mv_id ON foo_mv (id);
