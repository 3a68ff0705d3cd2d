-- One partition's copy validated on its own: the parent's check stays NOT VALID.
CREATE TABLE readings (id int, site text, value numeric) PARTITION BY LIST (site);
CREATE TABLE readings_north PARTITION OF readings FOR VALUES IN ('north');
CREATE TABLE readings_south PARTITION OF readings FOR VALUES IN ('south');
ALTER TABLE readings ADD CONSTRAINT readings_value_positive CHECK (value > 0) NOT VALID;
ALTER TABLE readings ADD CONSTRAINT readings_site_known CHECK (site <> '') NOT VALID;
ALTER TABLE readings_south VALIDATE CONSTRAINT readings_value_positive;
ALTER TABLE readings_south VALIDATE CONSTRAINT readings_site_known;
ALTER TABLE readings_north VALIDATE CONSTRAINT readings_site_known;
