CREATE FUNCTION count_state(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT n + 1 $$;
