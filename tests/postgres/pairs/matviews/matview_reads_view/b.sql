CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE VIEW paid AS SELECT id, customer, amount FROM orders WHERE amount > 0;
CREATE MATERIALIZED VIEW paid_totals AS SELECT customer, sum(amount) AS total FROM paid GROUP BY customer;
