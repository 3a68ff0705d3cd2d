CREATE TABLE scores (player text, points numeric);
CREATE FUNCTION collect_values(s numeric[], v numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS $$ SELECT s || v $$;
CREATE FUNCTION value_at_fraction(s numeric[], fraction double precision) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT v FROM unnest(s) v ORDER BY v OFFSET floor(fraction * (cardinality(s) - 1)) LIMIT 1 $$;
-- The aggregate is replaced (a new initial state): the view that calls it is dropped and created around it.
CREATE AGGREGATE percentile_of(double precision ORDER BY numeric) (
    SFUNC = collect_values, STYPE = numeric[], FINALFUNC = value_at_fraction, INITCOND = '{0}', PARALLEL = SAFE);
CREATE VIEW medians AS
    SELECT player, percentile_of(0.5) WITHIN GROUP (ORDER BY points) AS median FROM scores GROUP BY player;
