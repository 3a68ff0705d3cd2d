CREATE TABLE orders (id int, seq serial, region text, code text, UNIQUE (region, code));
CREATE TABLE orders_eu (id int, seq serial, region text, code text, UNIQUE (region, code));
CREATE TABLE order_refs (region text, code text);
CREATE TABLE order_refs_eu (region text, code text);
CREATE UNIQUE INDEX order_refs_key ON order_refs (region, code);
ALTER TABLE order_refs ADD CONSTRAINT order_refs_orders FOREIGN KEY (region, code) REFERENCES orders (region, code);
ALTER TABLE orders ADD CONSTRAINT orders_refs FOREIGN KEY (region, code) REFERENCES order_refs (region, code);
