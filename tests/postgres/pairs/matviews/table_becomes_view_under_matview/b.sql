CREATE TABLE raw_readings (id int PRIMARY KEY, value numeric, valid boolean NOT NULL DEFAULT true);
CREATE VIEW readings AS SELECT id, value FROM raw_readings WHERE valid;
CREATE MATERIALIZED VIEW reading_stats AS SELECT count(*) AS n, avg(value) AS mean FROM readings;
