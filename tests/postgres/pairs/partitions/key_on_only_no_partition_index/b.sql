-- A primary key added ON ONLY the partitioned table: no partition has a key for it, so its index stays invalid.
CREATE TABLE t (id int NOT NULL) PARTITION BY LIST (id);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);
ALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
