CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL);
CREATE TABLE order_log (order_id integer, total numeric(10, 2), logged_at timestamptz DEFAULT now());
