CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL);
CREATE TABLE order_log (order_id integer, total numeric(10, 2));
CREATE RULE keep_orders AS ON DELETE TO orders DO INSTEAD NOTHING;
