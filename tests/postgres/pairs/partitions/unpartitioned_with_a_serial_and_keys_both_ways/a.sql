-- Two partitioned tables whose keys point at each other, one with a serial column; both become plain tables
-- (re-created), and a new plain table takes the old partition's name with a serial of its own.
CREATE TABLE orders (id int, seq serial, region text, code text, UNIQUE (region, code)) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE order_refs (region text, code text) PARTITION BY LIST (region);
CREATE TABLE order_refs_eu PARTITION OF order_refs FOR VALUES IN ('eu');
CREATE UNIQUE INDEX order_refs_key ON order_refs (region, code);
ALTER TABLE order_refs ADD CONSTRAINT order_refs_orders FOREIGN KEY (region, code) REFERENCES orders (region, code);
ALTER TABLE orders ADD CONSTRAINT orders_refs FOREIGN KEY (region, code) REFERENCES order_refs (region, code);
