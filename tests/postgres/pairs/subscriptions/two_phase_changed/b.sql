-- two_phase is not alterable in PostgreSQL 15: dropped and created again.
CREATE SUBSCRIPTION feed_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION feed_out
  WITH (connect = false, slot_name = NONE, two_phase = true);
COMMENT ON SUBSCRIPTION feed_in IS 'two phases';
