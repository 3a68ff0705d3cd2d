CREATE TABLE readings (sensor integer, at date, value numeric) PARTITION BY RANGE (sensor);
CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0) TO (1000);
CREATE TABLE readings_rest PARTITION OF readings DEFAULT;
CREATE INDEX readings_at ON readings (at);
INSERT INTO readings VALUES (1, '2024-01-01', 1.5);
