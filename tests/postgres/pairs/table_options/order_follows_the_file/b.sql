CREATE TABLE events (id bigint PRIMARY KEY, body text) WITH (autovacuum_enabled = true, fillfactor = 70);
