CREATE TABLE readings (id int PRIMARY KEY, sensor int NOT NULL, taken timestamptz NOT NULL);
CREATE INDEX readings_by_time ON readings (sensor, taken DESC);
ALTER TABLE readings CLUSTER ON readings_by_time;
CREATE TABLE samples (id int NOT NULL, lot int NOT NULL);
CREATE UNIQUE INDEX samples_key ON samples (id) INCLUDE (lot);
ALTER TABLE samples REPLICA IDENTITY USING INDEX samples_key;
ALTER TABLE samples CLUSTER ON samples_key;
