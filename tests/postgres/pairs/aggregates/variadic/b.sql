CREATE FUNCTION append_all(s integer[], VARIADIC v integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE
    AS $$ SELECT s || v $$;
CREATE AGGREGATE gather(VARIADIC integer[]) (SFUNC = append_all, STYPE = integer[], INITCOND = '{}');
COMMENT ON AGGREGATE gather(VARIADIC integer[]) IS 'every argument of every row, in one array';
