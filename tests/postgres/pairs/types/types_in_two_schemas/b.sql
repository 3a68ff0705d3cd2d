CREATE SCHEMA geo;
CREATE DOMAIN geo.lat AS double precision CHECK (VALUE BETWEEN -90 AND 90);
CREATE TYPE geo.point2 AS (lat geo.lat, lon double precision);
CREATE TABLE places (id integer PRIMARY KEY, at geo.point2);
