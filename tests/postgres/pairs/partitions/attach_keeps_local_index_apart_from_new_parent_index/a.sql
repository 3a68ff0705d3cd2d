CREATE SCHEMA metrics;
CREATE TABLE metrics.samples (host text NOT NULL, taken_at timestamptz NOT NULL, value double precision)
    PARTITION BY RANGE (taken_at);
CREATE TABLE metrics.samples_2024 (host text NOT NULL, taken_at timestamptz NOT NULL, value double precision);
CREATE INDEX samples_2024_host_idx ON metrics.samples_2024 (host, taken_at DESC);
