CREATE FUNCTION g(x text, y text DEFAULT 'z') RETURNS text LANGUAGE sql AS 'SELECT x || y'; COMMENT ON FUNCTION g(text, text) IS 'concat';
