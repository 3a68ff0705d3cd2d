CREATE AGGREGATE running_sum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
