-- pgcodekeeper's add_statistics: statistics objects kept in another schema than their relation's, over an
-- expression calling a function of a third place, on a table and on a materialized view.
CREATE SCHEMA first;
CREATE SCHEMA second;
CREATE TABLE first.t1 (a integer, b integer);
CREATE MATERIALIZED VIEW first.v1 AS SELECT a, b FROM first.t1;
CREATE FUNCTION first.f1(f1 integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT f1 + 1';
CREATE STATISTICS second.s1 ON first.f1(b), a FROM first.t1;
CREATE STATISTICS second.s2 ON b, first.f1(a) FROM first.v1;
CREATE STATISTICS first.s3 (mcv) ON a, b FROM first.v1;
ALTER STATISTICS second.s2 SET STATISTICS 300;
COMMENT ON STATISTICS second.s1 IS 'kept apart';
