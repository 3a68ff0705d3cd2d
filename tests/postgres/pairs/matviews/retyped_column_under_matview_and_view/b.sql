CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL);
CREATE MATERIALIZED VIEW customers AS SELECT DISTINCT customer FROM orders;
CREATE VIEW loud_customers AS SELECT upper(customer) AS name FROM customers;
