CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql IMMUTABLE RETURN 'hello ' || who;
