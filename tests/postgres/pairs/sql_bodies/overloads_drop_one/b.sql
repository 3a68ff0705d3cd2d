CREATE FUNCTION norm(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN abs(x);
CREATE FUNCTION total_norm(a integer, b integer) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN norm(a) + norm(b);
