CREATE TABLE visits (site text NOT NULL, day date NOT NULL, hits int) PARTITION BY LIST (site);
CREATE TABLE visits_a PARTITION OF visits FOR VALUES IN ('a');
CREATE TABLE visits_b PARTITION OF visits FOR VALUES IN ('b');
-- Same name, other key order: re-created, and the partitions' indexes get the new columns' names.
CREATE INDEX visits_lookup ON visits (day, site);
