CREATE SCHEMA util;
CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE FUNCTION util.cents(numeric) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT ($1 * 100)::bigint';
CREATE MATERIALIZED VIEW in_cents AS SELECT id, util.cents(amount) AS cents FROM orders;
