CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION feed_out
  WITH (connect = false, slot_name = 'feed_slot');
