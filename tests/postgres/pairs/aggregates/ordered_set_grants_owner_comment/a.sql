CREATE FUNCTION collect_dates(s date[], v date) RETURNS date[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION nth_date(s date[], n integer) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT s[n] $$;
CREATE AGGREGATE nth_in_order(integer ORDER BY date) (SFUNC = collect_dates, STYPE = date[], FINALFUNC = nth_date, INITCOND = '{}');
