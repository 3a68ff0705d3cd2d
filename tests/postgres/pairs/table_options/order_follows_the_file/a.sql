-- ALTER TABLE ... SET moves the parameters it names to the end of reloptions, so setting only the changed
-- one would leave them in another order than the file's (pg_dump prints that order).
CREATE TABLE events (id bigint PRIMARY KEY, body text) WITH (fillfactor = 70, autovacuum_enabled = false);
