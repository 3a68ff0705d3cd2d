CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL);
CREATE TABLE order_log (order_id integer, total numeric(10, 2), logged_at timestamptz DEFAULT now());
CREATE RULE log_order AS ON INSERT TO orders DO ALSO
    INSERT INTO order_log (order_id, total) VALUES (NEW.id, NEW.total);
