CREATE FUNCTION square(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * x;
CREATE FUNCTION twice_square(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN 2 * square(x);
