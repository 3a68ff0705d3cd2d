CREATE FUNCTION square(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN x * x;
CREATE FUNCTION hypot2(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN square(a) + square(b);
