-- ENABLE starts the apply worker (the slot must exist on the publisher; reconcile never creates it).
CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION feed_out
  WITH (connect = false, slot_name = 'feed_slot');
ALTER SUBSCRIPTION feed_in ENABLE;
