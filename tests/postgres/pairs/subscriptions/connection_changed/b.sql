-- Compared as written: quoting, escapes and order are kept.
CREATE SUBSCRIPTION orders_in
  CONNECTION 'host=localhost  dbname=postgres application_name=''it\''s orders'' connect_timeout=5 sslmode=prefer'
  PUBLICATION orders_out WITH (connect = false, slot_name = NONE);
