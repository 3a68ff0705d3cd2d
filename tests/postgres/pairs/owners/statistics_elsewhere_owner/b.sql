-- Owners of statistics objects kept in another schema than their relation's, on a table and on a materialized view.
CREATE SCHEMA stats;
CREATE TABLE test (id int, label text);
CREATE MATERIALIZED VIEW test_view AS SELECT id, label FROM test;
CREATE STATISTICS stats.s1 ON id, label FROM test;
CREATE STATISTICS stats.s2 ON id, label FROM test_view;
ALTER STATISTICS stats.s1 OWNER TO own_bob;
ALTER STATISTICS stats.s2 OWNER TO own_alice;
