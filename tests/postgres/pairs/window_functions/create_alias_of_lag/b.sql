-- A window function without a C compiler: LANGUAGE internal, an exact alias of the built-in lag(anyelement).
CREATE FUNCTION previous(anyelement) RETURNS anyelement LANGUAGE internal WINDOW IMMUTABLE AS 'window_lag';
COMMENT ON FUNCTION previous(anyelement) IS 'lag under another name';
CREATE TABLE readings (at timestamptz PRIMARY KEY, value numeric);
CREATE VIEW deltas AS SELECT at, value - previous(value) OVER (ORDER BY at) AS delta FROM readings;
