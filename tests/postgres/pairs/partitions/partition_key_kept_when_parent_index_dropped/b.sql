-- The parent's index goes, the partition's key stays: DROP INDEX ... CASCADE takes the key, which is added again.
CREATE TABLE t (id int NOT NULL) PARTITION BY LIST (id);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);
ALTER TABLE t1 ADD PRIMARY KEY (id);
