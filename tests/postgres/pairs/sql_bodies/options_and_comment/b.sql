CREATE FUNCTION clamp(v int, lo int, hi int) RETURNS int LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 5
    SET search_path = pg_catalog
    RETURN least(greatest(v, lo), hi);
COMMENT ON FUNCTION clamp(int, int, int) IS 'v bounded to [lo, hi]';
