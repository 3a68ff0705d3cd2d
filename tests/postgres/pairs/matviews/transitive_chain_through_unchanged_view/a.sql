CREATE TABLE foo (id int PRIMARY KEY, a int, b int);
CREATE VIEW foo_v AS SELECT id, a FROM foo;
CREATE VIEW foo_v2 AS SELECT id FROM foo_v;
CREATE MATERIALIZED VIEW foo_mv AS SELECT count(*) AS n FROM foo_v2;
