CREATE TABLE items (id int, label text);
CREATE MATERIALIZED VIEW item_count AS SELECT count(*) AS n FROM items;
