-- Pyrseas#33 for partitions (a helper's variation): a partition's own default on a column its parent gains
CREATE TABLE p (k int, x int) PARTITION BY LIST (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
