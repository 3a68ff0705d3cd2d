CREATE FUNCTION date_to_days(date) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 - DATE ''2000-01-01''';
CREATE CAST (date AS integer) WITH FUNCTION date_to_days(date);
CREATE FUNCTION days_to_date(integer) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS 'SELECT DATE ''2000-01-01'' + $1';
CREATE CAST (integer AS date) WITH FUNCTION days_to_date(integer) AS ASSIGNMENT;
CREATE CAST (text AS json) WITH INOUT;
