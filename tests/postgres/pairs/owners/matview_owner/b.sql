CREATE TABLE items (id int, label text);
CREATE MATERIALIZED VIEW item_count AS SELECT count(*) AS n FROM items;
ALTER MATERIALIZED VIEW item_count OWNER TO own_bob;
