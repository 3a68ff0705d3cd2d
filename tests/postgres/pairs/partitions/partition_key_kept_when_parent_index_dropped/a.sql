-- The partition's primary key stands on the index attached to the parent's unique index.
CREATE TABLE t (id int NOT NULL) PARTITION BY LIST (id);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);
CREATE UNIQUE INDEX t_id_idx ON t (id);
ALTER TABLE t1 ADD CONSTRAINT t1_pkey PRIMARY KEY USING INDEX t1_id_idx;
