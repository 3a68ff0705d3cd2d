CREATE FUNCTION json_to_text(json) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1::text';
CREATE FUNCTION text_to_json(text) RETURNS json LANGUAGE sql IMMUTABLE STRICT AS 'SELECT to_json($1)';
CREATE CAST (json AS text) WITH FUNCTION json_to_text(json);
CREATE CAST (text AS json) WITH INOUT;
CREATE CAST (json AS character varying) WITHOUT FUNCTION;
