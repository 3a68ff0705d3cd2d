CREATE FUNCTION clamp(v int, lo int, hi int) RETURNS int LANGUAGE sql IMMUTABLE RETURN least(greatest(v, lo), hi);
