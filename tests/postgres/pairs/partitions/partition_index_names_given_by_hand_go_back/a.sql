-- Partition indexes renamed by hand, and a state that leaves their names to PostgreSQL: they get PostgreSQL's back.
CREATE SCHEMA sales;
CREATE TABLE sales.orders (id bigint NOT NULL, placed date NOT NULL, customer text, PRIMARY KEY (id, placed))
    PARTITION BY RANGE (placed);
CREATE INDEX orders_customer_idx ON sales.orders (customer);
CREATE TABLE sales.orders_2025 PARTITION OF sales.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE sales.orders_2026 PARTITION OF sales.orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER INDEX sales.orders_2025_customer_idx RENAME TO "orders 2025 by customer";
ALTER INDEX sales.orders_2026_pkey RENAME TO orders_2026_key_idx;
