CREATE FUNCTION previous(anyelement) RETURNS anyelement LANGUAGE internal WINDOW AS 'window_lag';
CREATE TABLE readings (at timestamptz PRIMARY KEY, value numeric);
CREATE VIEW deltas AS SELECT at, previous(value) OVER (ORDER BY at) AS before FROM readings;
