-- Column privileges on a materialized view: GRANT SELECT (column) ON it.
CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;
GRANT SELECT (customer) ON totals TO mv_reader;
GRANT SELECT (customer, total) ON totals TO mv_auditor;
