CREATE FUNCTION smaller(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT least(a, b)'; CREATE AGGREGATE my_min(integer) (SFUNC = smaller, STYPE = integer, SORTOP = <);
