CREATE VIEW metrics AS SELECT 1 AS id, 42 AS value;
CREATE FUNCTION metric_total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(value) FROM metrics; END;
