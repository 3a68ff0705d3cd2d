CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL, status text);
CREATE TABLE order_log (order_id integer, total numeric(10, 2), note text);
CREATE RULE log_update AS ON UPDATE TO orders DO ALSO
    INSERT INTO order_log (order_id, total) VALUES (OLD.id, OLD.total);
