CREATE TABLE readings (id int PRIMARY KEY, value numeric);
CREATE MATERIALIZED VIEW reading_stats AS SELECT count(*) AS n, avg(value) AS mean FROM readings;
