CREATE TABLE readings (id int, site text, value numeric) PARTITION BY LIST (site);
CREATE TABLE readings_north PARTITION OF readings FOR VALUES IN ('north');
CREATE TABLE readings_south PARTITION OF readings FOR VALUES IN ('south');
ALTER TABLE readings ADD CONSTRAINT readings_value_positive CHECK (value > 0) NOT VALID;
ALTER TABLE readings ADD CONSTRAINT readings_site_known CHECK (site <> '') NOT VALID;
INSERT INTO readings VALUES (1, 'north', 5), (2, 'south', 7);
