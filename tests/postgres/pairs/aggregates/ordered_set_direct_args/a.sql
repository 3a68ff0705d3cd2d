CREATE FUNCTION collect_values(s numeric[], v numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION value_at_fraction(s numeric[], fraction double precision) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT v FROM unnest(s) v ORDER BY v OFFSET floor(fraction * (cardinality(s) - 1)) LIMIT 1 $$;
