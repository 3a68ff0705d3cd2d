CREATE TABLE orders (id integer PRIMARY KEY);
CREATE TABLE order_log (order_id integer);
CREATE RULE log_order AS ON INSERT TO orders DO ALSO INSERT INTO order_log VALUES (NEW.id);
