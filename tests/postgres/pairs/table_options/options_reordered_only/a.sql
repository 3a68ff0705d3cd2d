CREATE TABLE events (id bigint PRIMARY KEY, body text) WITH (fillfactor = 80, autovacuum_enabled = true);
ALTER TABLE events ALTER COLUMN id SET (n_distinct = 5, n_distinct_inherited = 3);
CREATE VIEW recent WITH (security_barrier = true, check_option = local) AS SELECT id FROM events WHERE id > 10;
CREATE MATERIALIZED VIEW counts WITH (fillfactor = 70, autovacuum_enabled = false) AS SELECT count(*) AS n FROM events;
ALTER MATERIALIZED VIEW counts ALTER COLUMN n SET (n_distinct = 1, n_distinct_inherited = 1);
INSERT INTO events VALUES (1, 'x');
