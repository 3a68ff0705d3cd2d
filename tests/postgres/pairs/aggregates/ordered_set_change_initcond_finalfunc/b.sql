CREATE FUNCTION collect_texts(s text[], v text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION first_n(s text[], n integer) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_to_string(s[1:n], ',') $$;
CREATE FUNCTION last_n(s text[], n integer) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_to_string(s[greatest(cardinality(s) - n + 1, 1):], ',') $$;
-- Another final function and initial state: an aggregate has no ALTER for them, it is dropped and created.
CREATE AGGREGATE top_n(integer ORDER BY text) (
    SFUNC = collect_texts, STYPE = text[], FINALFUNC = last_n, FINALFUNC_MODIFY = READ_ONLY, INITCOND = '{start}');
