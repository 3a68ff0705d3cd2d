CREATE TYPE region AS ENUM ('eu');
CREATE TABLE orders (id int, r region) PARTITION BY LIST (r);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE notes (r region DEFAULT 'eu');
