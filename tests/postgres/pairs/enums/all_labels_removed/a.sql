CREATE TYPE status AS ENUM ('new', 'paid');
CREATE TABLE orders (id integer PRIMARY KEY, status status);
CREATE VIEW open_orders AS SELECT id, status FROM orders WHERE status IS NOT NULL;
