CREATE FUNCTION collect_ints(s integer[], v integer) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION rank_of(s integer[], hypothetical integer, placeholder integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT count(*) + 1 FROM unnest(s) v WHERE v < hypothetical $$;
