-- apgdiff#71 for partitions (a helper's variation): a boolean column retyped to integer under a partition's own default
CREATE TABLE p (k int, c boolean) PARTITION BY LIST (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
ALTER TABLE ONLY p1 ALTER COLUMN c SET DEFAULT false;
