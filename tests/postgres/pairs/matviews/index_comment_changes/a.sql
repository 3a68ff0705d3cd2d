CREATE TABLE readings (
    sensor text NOT NULL,
    taken_at timestamptz NOT NULL,
    celsius numeric(5, 2)
);
CREATE MATERIALIZED VIEW daily_readings AS
    SELECT sensor, date_trunc('day', taken_at) AS day, avg(celsius) AS mean
    FROM readings GROUP BY 1, 2;
CREATE INDEX daily_readings_sensor ON daily_readings (sensor);
CREATE INDEX daily_readings_day ON daily_readings (day);
COMMENT ON INDEX daily_readings_day IS 'old note';
