CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;
GRANT SELECT ON totals TO mv_reader;
GRANT SELECT (total) ON totals TO mv_auditor;
COMMENT ON COLUMN totals.total IS 'sum';
ALTER MATERIALIZED VIEW totals ALTER COLUMN total SET STATISTICS 200;
