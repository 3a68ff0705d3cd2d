CREATE TABLE t (id int PRIMARY KEY, v text);
CREATE MATERIALIZED VIEW mv AS SELECT id, v FROM t;
CREATE UNIQUE INDEX mv_id ON mv (id) WITH (fillfactor = 70);
CREATE INDEX mv_v ON mv (v) WITH (fillfactor = 50, deduplicate_items = off);
