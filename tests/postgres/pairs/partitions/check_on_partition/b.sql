CREATE TABLE stock (id bigint NOT NULL, kind text NOT NULL, qty int CHECK (qty >= 0)) PARTITION BY LIST (kind);
CREATE TABLE stock_a PARTITION OF stock FOR VALUES IN ('a');
ALTER TABLE stock_a ADD CONSTRAINT stock_a_qty_small CHECK (qty < 1000);
