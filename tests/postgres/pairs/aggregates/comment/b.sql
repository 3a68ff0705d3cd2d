CREATE AGGREGATE my_sum(integer) (SFUNC = int4pl, STYPE = integer); COMMENT ON AGGREGATE my_sum(integer) IS 'adds';
