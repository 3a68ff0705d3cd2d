-- A unique key with INCLUDE and storage parameters ON ONLY the parent, one partition's key (named by hand) attached;
-- the other partition keeps a unique index of its own that is not attached.
CREATE TABLE t (id int NOT NULL, k int NOT NULL) PARTITION BY LIST (id);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);
CREATE TABLE t2 PARTITION OF t FOR VALUES IN (2);
CREATE UNIQUE INDEX t2_own ON t2 (id, k);
ALTER TABLE ONLY t ADD CONSTRAINT t_id_k_key UNIQUE (id, k) INCLUDE (k) WITH (fillfactor = 80);
ALTER TABLE t1 ADD CONSTRAINT t1_key UNIQUE (id, k) INCLUDE (k) WITH (fillfactor = 80);
ALTER INDEX t_id_k_key ATTACH PARTITION t1_key;
