CREATE TABLE readings (
    id serial,
    region text NOT NULL,
    sensor text NOT NULL,
    UNIQUE (region, sensor)
);
CREATE TABLE sensors (
    region text NOT NULL,
    sensor text NOT NULL,
    UNIQUE (region, sensor)
);
ALTER TABLE readings ADD FOREIGN KEY (region, sensor) REFERENCES sensors (region, sensor);
ALTER TABLE sensors ADD FOREIGN KEY (region, sensor) REFERENCES readings (region, sensor);
