-- pgmodeler#585 for partitions (a helper's variation): the parent drops NOT NULL; a partition keeps its own
CREATE TABLE base (k int, v int NOT NULL) PARTITION BY LIST (k);
CREATE TABLE base1 PARTITION OF base FOR VALUES IN (1);
