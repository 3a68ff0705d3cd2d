CREATE TABLE visits (site text NOT NULL, day date NOT NULL, hits int) PARTITION BY LIST (site);
CREATE TABLE visits_a PARTITION OF visits FOR VALUES IN ('a');
CREATE TABLE visits_b PARTITION OF visits FOR VALUES IN ('b');
CREATE INDEX visits_lookup ON visits (site, day);
