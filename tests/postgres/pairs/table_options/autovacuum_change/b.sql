CREATE TABLE t (id int PRIMARY KEY, v text) WITH (autovacuum_vacuum_scale_factor = 0.05, fillfactor = 90);
