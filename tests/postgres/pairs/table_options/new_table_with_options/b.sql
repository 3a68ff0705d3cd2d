CREATE TABLE t (id int PRIMARY KEY, v text) WITH (fillfactor = 50, autovacuum_enabled = off);
