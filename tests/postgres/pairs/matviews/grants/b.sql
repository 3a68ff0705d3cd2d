-- Reporting roles read a materialized view: GRANT SELECT ON it (a table privilege), and one is taken away.
CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;
GRANT SELECT ON totals TO mv_reader;
CREATE MATERIALIZED VIEW counts AS SELECT customer, count(*) AS n FROM orders GROUP BY customer;
GRANT SELECT ON counts TO mv_reader WITH GRANT OPTION;
REVOKE ALL ON counts FROM PUBLIC;
