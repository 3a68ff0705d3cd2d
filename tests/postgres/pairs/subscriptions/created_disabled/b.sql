CREATE TABLE public.orders (id integer PRIMARY KEY);
-- connect = false: no connection, no slot, no copy; the slot name defaults to the subscription's.
CREATE SUBSCRIPTION orders_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION orders_out
  WITH (connect = false);
