CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE MATERIALIZED VIEW m1 AS SELECT customer, amount FROM orders;
CREATE MATERIALIZED VIEW m2 AS SELECT customer, sum(amount) AS total FROM m1 GROUP BY customer;
