CREATE TABLE readings (sensor int NOT NULL, at timestamptz NOT NULL, value real) PARTITION BY RANGE (at);
CREATE INDEX readings_sensor_at ON readings (sensor, at DESC);
CREATE UNIQUE INDEX readings_uq ON readings (sensor, at);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- Next year's partition is prepared apart with indexes named by convention, then attached.
CREATE TABLE readings_2026 (LIKE readings);
CREATE INDEX readings_2026_recent ON readings_2026 (sensor, at DESC);
CREATE UNIQUE INDEX readings_2026_one_per_instant ON readings_2026 (sensor, at);
ALTER TABLE readings ATTACH PARTITION readings_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
