CREATE FUNCTION date_to_days(day date) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT day - DATE ''2000-01-01''';
CREATE CAST (date AS integer) WITH FUNCTION date_to_days(date) AS ASSIGNMENT;
COMMENT ON CAST (date AS integer) IS 'days since 2000';
CREATE FUNCTION to_json_varchar(t character varying) RETURNS json LANGUAGE sql IMMUTABLE STRICT AS 'SELECT to_json(t)';
CREATE CAST (character varying AS json) WITH FUNCTION to_json_varchar(character varying);
