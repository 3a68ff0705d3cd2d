CREATE FUNCTION collect_ints(s integer[], v integer) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION middle(s integer[]) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT s[(cardinality(s) + 1) / 2] $$;
CREATE FUNCTION at_fraction(s integer[], f double precision) RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT s[greatest(ceil(f * cardinality(s))::integer, 1)] $$;
CREATE AGGREGATE pick(integer) (SFUNC = collect_ints, STYPE = integer[], FINALFUNC = middle, INITCOND = '{}');
