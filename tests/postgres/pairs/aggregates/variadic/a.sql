CREATE FUNCTION append_all(s integer[], VARIADIC v integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE
    AS $$ SELECT s || v $$;
