CREATE SUBSCRIPTION stale_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION stale_out
  WITH (connect = false, slot_name = 'stale_slot', synchronous_commit = 'local');
