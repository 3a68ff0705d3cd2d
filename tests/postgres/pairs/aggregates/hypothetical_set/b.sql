CREATE FUNCTION collect_ints(s integer[], v integer) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION rank_of(s integer[], hypothetical integer, placeholder integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT count(*) + 1 FROM unnest(s) v WHERE v < hypothetical $$;
-- A hypothetical-set aggregate: the direct argument is a row that "would be" among the aggregated ones.
CREATE AGGREGATE my_rank(integer ORDER BY integer) (
    SFUNC = collect_ints, STYPE = integer[], FINALFUNC = rank_of, FINALFUNC_EXTRA, INITCOND = '{}', HYPOTHETICAL);
