-- A partition created after its parent's NOT VALID check has a validated copy; one there before gets it by
-- ALTER TABLE <partition> VALIDATE CONSTRAINT (pg-schema-diff's partitioned table case, the other way).
CREATE TABLE readings (id int, site text, value numeric) PARTITION BY LIST (site);
ALTER TABLE readings ADD CONSTRAINT readings_value_positive CHECK (value > 0) NOT VALID;
CREATE TABLE readings_north PARTITION OF readings FOR VALUES IN ('north');
CREATE TABLE readings_south PARTITION OF readings FOR VALUES IN ('south');
CREATE TABLE readings_east PARTITION OF readings FOR VALUES IN ('east');
