CREATE FUNCTION add_int(s integer, v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT s + v $$;
CREATE AGGREGATE total(integer) (SFUNC = add_int, STYPE = integer, INITCOND = '0');
CREATE AGGREGATE total_all(integer) (SFUNC = add_int, STYPE = integer, INITCOND = '0');
CREATE PROCEDURE reset_counts() LANGUAGE sql AS $$ SELECT 1 $$;
GRANT EXECUTE ON FUNCTION total_all(integer) TO priv_app;
