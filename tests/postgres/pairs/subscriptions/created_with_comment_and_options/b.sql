CREATE TABLE public.orders (id integer PRIMARY KEY);
CREATE SUBSCRIPTION "Orders In" CONNECTION 'host=localhost dbname=postgres application_name=''orders in'''
  PUBLICATION "Orders Out", audit_out
  WITH (connect = false, slot_name = NONE, binary = true, streaming = on, synchronous_commit = 'remote_apply',
        disable_on_error = true, two_phase = true);
COMMENT ON SUBSCRIPTION "Orders In" IS 'orders from the shop''s primary';
