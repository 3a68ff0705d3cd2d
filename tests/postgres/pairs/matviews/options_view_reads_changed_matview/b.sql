CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total, min(amount) AS smallest FROM orders GROUP BY customer;
CREATE VIEW mine WITH (security_barrier) AS SELECT customer, total FROM totals WHERE customer = current_user;
