CREATE FUNCTION collect_texts(s text[], v text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION first_n(s text[], n integer) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_to_string(s[1:n], ',') $$;
CREATE FUNCTION last_n(s text[], n integer) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_to_string(s[greatest(cardinality(s) - n + 1, 1):], ',') $$;
CREATE AGGREGATE top_n(integer ORDER BY text) (SFUNC = collect_texts, STYPE = text[], FINALFUNC = first_n, INITCOND = '{}');
