CREATE TABLE products (id int PRIMARY KEY, title text NOT NULL, price numeric NOT NULL);
CREATE MATERIALIZED VIEW catalog AS SELECT id, title, price FROM products;
