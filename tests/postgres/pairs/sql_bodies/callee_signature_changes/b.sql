CREATE FUNCTION square(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN x::bigint * x;
CREATE FUNCTION twice_square(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN 2 * square(x);
