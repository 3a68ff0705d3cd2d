CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE MATERIALIZED VIEW totals WITH (fillfactor = 70, autovacuum_enabled = false) AS SELECT customer FROM orders;
