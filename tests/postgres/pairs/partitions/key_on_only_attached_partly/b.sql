-- pg_dump's way to a partitioned key: ON ONLY the parent, then each partition's key attached; t2's is not yet.
CREATE TABLE t (id int NOT NULL, k int NOT NULL) PARTITION BY LIST (id);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);
CREATE TABLE t2 PARTITION OF t FOR VALUES IN (2);
ALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
ALTER TABLE t1 ADD CONSTRAINT t1_pkey PRIMARY KEY (id);
ALTER INDEX t_pkey ATTACH PARTITION t1_pkey;
