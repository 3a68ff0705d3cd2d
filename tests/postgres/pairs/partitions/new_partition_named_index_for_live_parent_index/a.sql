CREATE TABLE readings (sensor int NOT NULL, at timestamptz NOT NULL, value real) PARTITION BY RANGE (at);
CREATE INDEX readings_sensor_at ON readings (sensor, at DESC);
CREATE UNIQUE INDEX readings_uq ON readings (sensor, at);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
