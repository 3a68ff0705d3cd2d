-- A parameter renamed: PostgreSQL replaces the function only by dropping it, so the cast over it goes first and
-- comes back after; the cast over the function swapped for another signature is dropped before that one is.
CREATE FUNCTION date_to_days(d date) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT d - DATE ''2000-01-01''';
CREATE CAST (date AS integer) WITH FUNCTION date_to_days(date) AS ASSIGNMENT;
COMMENT ON CAST (date AS integer) IS 'days since 2000';
CREATE FUNCTION to_json_text(t text) RETURNS json LANGUAGE sql IMMUTABLE STRICT AS 'SELECT to_json(t)';
CREATE CAST (text AS json) WITH FUNCTION to_json_text(text);
