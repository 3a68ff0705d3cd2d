-- A function a statistics object's expression calls is dropped and created again (a new result type): the
-- statistics objects on it, on a table (kept in another schema) and on a materialized view, are dropped
-- before it and created again after, as PostgreSQL refuses to drop a function they need.
CREATE SCHEMA planner;
CREATE FUNCTION bucket(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x / 100';
CREATE TABLE readings (sensor integer, value integer);
CREATE STATISTICS planner.readings_bucket ON bucket(value), sensor FROM readings;
CREATE MATERIALIZED VIEW sensors AS SELECT sensor, max(value) AS peak FROM readings GROUP BY sensor;
CREATE STATISTICS sensors_bucket ON bucket(peak), sensor FROM sensors;
INSERT INTO readings VALUES (1, 10), (2, 25);
