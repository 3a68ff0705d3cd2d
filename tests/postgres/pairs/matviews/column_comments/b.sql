-- COMMENT ON COLUMN of a materialized view: one changed, one removed, one on a new view.
CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;
COMMENT ON COLUMN totals.total IS 'Sum of the customer''s orders';
CREATE MATERIALIZED VIEW counts AS SELECT customer, count(*) AS n FROM orders GROUP BY customer;
COMMENT ON COLUMN counts.n IS 'orders';
