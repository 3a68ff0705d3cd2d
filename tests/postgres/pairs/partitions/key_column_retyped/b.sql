CREATE TABLE readings (sensor bigint, at date, value numeric) PARTITION BY RANGE (sensor);
CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (0) TO (1000);
CREATE TABLE readings_rest PARTITION OF readings DEFAULT;
CREATE INDEX readings_at ON readings (at);
