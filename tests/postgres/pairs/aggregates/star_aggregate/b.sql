CREATE FUNCTION count_state(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT n + 1 $$;
CREATE AGGREGATE row_tally(*) (SFUNC = count_state, STYPE = bigint, INITCOND = '0');
COMMENT ON AGGREGATE row_tally(*) IS 'counts rows, like count(*)';
REVOKE ALL ON FUNCTION row_tally() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION row_tally() TO priv_reader;
