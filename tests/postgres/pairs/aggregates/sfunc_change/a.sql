CREATE FUNCTION add_int(s integer, v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT s + v'; CREATE AGGREGATE my_sum(integer) (SFUNC = add_int, STYPE = integer);
