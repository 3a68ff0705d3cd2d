CREATE TABLE unrelated (id integer);
CREATE TABLE item (sku text, qty integer);
CREATE FUNCTION item_label(item) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1.sku || '' x'' || $1.qty';
CREATE CAST (item AS text) WITH FUNCTION item_label(item);
