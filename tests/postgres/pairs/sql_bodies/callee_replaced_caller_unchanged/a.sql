CREATE FUNCTION scale(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 10;
CREATE FUNCTION scaled_sum(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN scale(a) + scale(b);
