-- pgcodekeeper's compare_table: the same storage parameters in another order. PostgreSQL keeps them in the
-- order they were set and pg_dump prints that order, so the plan sets them again in the file's order (on a
-- table, a column, a view and a materialized view and its column); nothing else changes.
CREATE TABLE events (id bigint PRIMARY KEY, body text) WITH (autovacuum_enabled = true, fillfactor = 80);
ALTER TABLE events ALTER COLUMN id SET (n_distinct_inherited = 3, n_distinct = 5);
CREATE VIEW recent WITH (check_option = local, security_barrier = true) AS SELECT id FROM events WHERE id > 10;
CREATE MATERIALIZED VIEW counts WITH (autovacuum_enabled = false, fillfactor = 70) AS SELECT count(*) AS n FROM events;
ALTER MATERIALIZED VIEW counts ALTER COLUMN n SET (n_distinct_inherited = 1, n_distinct = 1);
INSERT INTO events VALUES (1, 'x');
