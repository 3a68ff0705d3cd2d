CREATE TABLE orders (id integer, code text);
CREATE TABLE orders_v2 (id integer, code text);
CREATE UNIQUE INDEX orders_code ON orders_v2 (code);
