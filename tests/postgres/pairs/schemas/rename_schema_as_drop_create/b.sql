CREATE SCHEMA reporting_v2;
CREATE TABLE reporting_v2.daily (day date PRIMARY KEY, total bigint NOT NULL DEFAULT 0, source text);
