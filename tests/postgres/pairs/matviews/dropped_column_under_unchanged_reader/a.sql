CREATE TABLE foo (id int PRIMARY KEY, a int, gone int);
CREATE MATERIALIZED VIEW foo_mv AS SELECT id, a FROM foo;
CREATE VIEW foo_all AS SELECT * FROM foo;
