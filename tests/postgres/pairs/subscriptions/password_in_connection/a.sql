CREATE SUBSCRIPTION orders_in CONNECTION 'host=localhost dbname=postgres user=repl password=old'
  PUBLICATION orders_out WITH (connect = false, slot_name = NONE);
