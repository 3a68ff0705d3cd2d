-- A password in a connection string is exported as a ${env:NAME} placeholder, as foreign servers' secrets are.
CREATE SUBSCRIPTION orders_in CONNECTION 'host=localhost dbname=postgres user=repl password=''n3w pass'''
  PUBLICATION orders_out WITH (connect = false, slot_name = NONE);
CREATE SUBSCRIPTION audit_in CONNECTION 'host=localhost dbname=postgres password=audit'
  PUBLICATION audit_out WITH (connect = false, slot_name = NONE);
