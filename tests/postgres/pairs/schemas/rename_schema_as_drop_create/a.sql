CREATE SCHEMA reporting_v1;
CREATE TABLE reporting_v1.daily (day date PRIMARY KEY, total bigint NOT NULL DEFAULT 0);
