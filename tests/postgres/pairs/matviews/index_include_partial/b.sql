CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE MATERIALIZED VIEW big AS SELECT id, customer, amount FROM orders;
CREATE UNIQUE INDEX big_id ON big (id) INCLUDE (customer);
CREATE INDEX big_amount ON big (amount DESC NULLS LAST) WHERE amount > 100;
