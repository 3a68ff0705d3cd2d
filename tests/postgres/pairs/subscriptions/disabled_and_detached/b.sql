-- DISABLE comes before SET (slot_name = NONE), which PostgreSQL refuses on an enabled subscription.
CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION feed_out
  WITH (connect = false, slot_name = NONE);
