CREATE FUNCTION scale(factor integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN factor * 100;
CREATE FUNCTION scaled_sum(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN scale(a) + scale(b);
