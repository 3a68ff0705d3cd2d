CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount bigint NOT NULL);
CREATE MATERIALIZED VIEW totals AS SELECT customer, amount FROM orders;
CREATE INDEX totals_amount ON totals (amount);
