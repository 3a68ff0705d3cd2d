-- The partition keeps the index PostgreSQL made for it, no longer attached; the parent's index is ON ONLY.
CREATE TABLE t (id int) PARTITION BY LIST (id);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);
CREATE INDEX t_idx ON ONLY t (id);
CREATE INDEX t1_id_idx ON t1 (id);
