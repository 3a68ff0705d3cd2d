CREATE DOMAIN amount AS numeric(10,2);
CREATE TABLE orders (id integer PRIMARY KEY, total amount);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
