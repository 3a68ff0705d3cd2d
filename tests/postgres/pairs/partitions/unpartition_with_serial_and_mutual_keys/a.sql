CREATE TABLE readings (
    id serial,
    region text NOT NULL,
    sensor text NOT NULL,
    UNIQUE (region, sensor)
) PARTITION BY LIST (region);
CREATE TABLE readings_eu PARTITION OF readings FOR VALUES IN ('eu');
CREATE TABLE sensors (
    region text NOT NULL,
    sensor text NOT NULL,
    UNIQUE (region, sensor)
) PARTITION BY LIST (region);
CREATE TABLE sensors_eu PARTITION OF sensors FOR VALUES IN ('eu');
ALTER TABLE readings ADD FOREIGN KEY (region, sensor) REFERENCES sensors (region, sensor);
ALTER TABLE sensors ADD FOREIGN KEY (region, sensor) REFERENCES readings (region, sensor);
