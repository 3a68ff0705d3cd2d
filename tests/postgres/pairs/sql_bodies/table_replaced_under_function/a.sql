CREATE TABLE metrics (id int PRIMARY KEY, value integer NOT NULL);
CREATE FUNCTION metric_total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(value) FROM metrics; END;
