CREATE SCHEMA planner;
CREATE FUNCTION bucket(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x / 10';
CREATE TABLE readings (sensor integer, value integer);
CREATE STATISTICS planner.readings_bucket ON bucket(value), sensor FROM readings;
CREATE MATERIALIZED VIEW sensors AS SELECT sensor, max(value) AS peak FROM readings GROUP BY sensor;
CREATE STATISTICS sensors_bucket ON bucket(peak), sensor FROM sensors;
INSERT INTO readings VALUES (1, 10), (2, 25);
