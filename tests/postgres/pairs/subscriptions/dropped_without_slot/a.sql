CREATE SUBSCRIPTION stale_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION stale_out
  WITH (connect = false, slot_name = NONE);
COMMENT ON SUBSCRIPTION stale_in IS 'no longer wanted';
