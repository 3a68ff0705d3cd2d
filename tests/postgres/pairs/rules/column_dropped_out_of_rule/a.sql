CREATE TABLE orders (id integer PRIMARY KEY, note text);
CREATE TABLE order_log (order_id integer, note text);
CREATE RULE log_order AS ON INSERT TO orders DO ALSO
    INSERT INTO order_log (order_id, note) VALUES (NEW.id, NEW.note);
