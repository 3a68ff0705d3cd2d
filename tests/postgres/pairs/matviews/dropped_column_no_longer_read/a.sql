CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL, note text);
CREATE MATERIALIZED VIEW notes AS SELECT id, note FROM orders;
