CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int, initcond = '0');
ALTER AGGREGATE total(int) OWNER TO own_alice;
