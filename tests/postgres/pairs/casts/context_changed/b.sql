CREATE FUNCTION date_to_days(date) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 - DATE ''2000-01-01''';
CREATE CAST (date AS integer) WITH FUNCTION date_to_days(date) AS ASSIGNMENT;
CREATE CAST (text AS json) WITH INOUT;
CREATE CAST (json AS text) WITHOUT FUNCTION AS IMPLICIT;
COMMENT ON CAST (json AS text) IS 'kept across the re-creation';
