CREATE TABLE orders (
  id bigint,
  customer bigint,
  total numeric,
  placed date,
  CONSTRAINT orders_pkey PRIMARY KEY (id) INCLUDE (total) WITH (fillfactor = 80),
  CONSTRAINT orders_customer_placed UNIQUE (customer, placed) INCLUDE (total, id) WITH (fillfactor = 70, deduplicate_items = off),
  CONSTRAINT orders_placed_key UNIQUE NULLS NOT DISTINCT (placed) WITH (fillfactor = 90) DEFERRABLE INITIALLY DEFERRED
);
