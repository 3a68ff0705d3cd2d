CREATE FUNCTION collect_ints(s integer[], v integer) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION rank_of(s integer[], hypothetical integer, placeholder integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT count(*) + 1 FROM unnest(s) v WHERE v < hypothetical $$;
-- No longer hypothetical: the same arguments and functions, a plain ordered-set aggregate.
CREATE AGGREGATE my_rank(integer ORDER BY integer) (
    SFUNC = collect_ints, STYPE = integer[], FINALFUNC = rank_of, FINALFUNC_EXTRA, INITCOND = '{}');
