-- SET PUBLICATION ... WITH (refresh = false): no connection, no copy; the order is kept as written.
CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres'
  PUBLICATION customers_out, orders_out, "Billing Out" WITH (connect = false, slot_name = NONE);
