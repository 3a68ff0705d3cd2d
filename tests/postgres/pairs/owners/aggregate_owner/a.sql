CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int, initcond = '0');
