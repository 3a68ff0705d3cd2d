CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;
COMMENT ON COLUMN totals.customer IS 'who';
COMMENT ON COLUMN totals.total IS 'old text';
