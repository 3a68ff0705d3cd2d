CREATE TABLE t (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = false, fillfactor = 80);
