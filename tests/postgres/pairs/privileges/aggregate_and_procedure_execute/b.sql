CREATE FUNCTION add_int(s integer, v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT s + v $$;
CREATE AGGREGATE total(integer) (SFUNC = add_int, STYPE = integer, INITCOND = '0');
CREATE AGGREGATE total_all(integer) (SFUNC = add_int, STYPE = integer, INITCOND = '0');
CREATE PROCEDURE reset_counts() LANGUAGE sql AS $$ SELECT 1 $$;
REVOKE ALL ON FUNCTION total(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION total(integer) TO priv_reader;
REVOKE EXECUTE ON PROCEDURE reset_counts() FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE reset_counts() TO priv_app WITH GRANT OPTION;
