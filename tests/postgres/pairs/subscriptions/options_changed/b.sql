-- ALTER SUBSCRIPTION ... SET: slot_name, binary, streaming, synchronous_commit, disable_on_error.
CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION feed_out
  WITH (connect = false, slot_name = 'feed_slot_2', streaming = true, synchronous_commit = 'on',
        disable_on_error = true);
