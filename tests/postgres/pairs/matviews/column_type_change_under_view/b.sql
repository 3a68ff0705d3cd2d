CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount bigint NOT NULL);
CREATE VIEW v AS SELECT customer, amount FROM orders;
