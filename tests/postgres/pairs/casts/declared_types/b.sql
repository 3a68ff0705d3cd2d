CREATE SCHEMA geo;
CREATE TYPE geo.point2 AS (x double precision, y double precision);
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN score AS integer CHECK (VALUE BETWEEN 0 AND 10);
CREATE FUNCTION geo.point2_text(geo.point2) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1.x || '','' || $1.y';
CREATE FUNCTION mood_score(mood) RETURNS integer LANGUAGE sql IMMUTABLE STRICT
    AS 'SELECT array_position(enum_range(NULL::mood), $1) - 1';
CREATE CAST (geo.point2 AS text) WITH FUNCTION geo.point2_text(geo.point2);
CREATE CAST (mood AS integer) WITH FUNCTION mood_score(mood) AS ASSIGNMENT;
CREATE CAST (text AS mood) WITH INOUT AS IMPLICIT;
CREATE CAST (mood AS geo.point2) WITH INOUT;
CREATE CAST (score AS mood) WITH INOUT;
CREATE TABLE placeholder (id integer);
