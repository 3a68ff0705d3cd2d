CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION orders_out, audit_out
  WITH (connect = false, slot_name = NONE);
