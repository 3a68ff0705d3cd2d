CREATE TABLE t (a int, b text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
CREATE INDEX mv_expr ON mv (lower(b));
