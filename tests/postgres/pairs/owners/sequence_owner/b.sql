CREATE SEQUENCE invoice_number START 1000;
ALTER SEQUENCE invoice_number OWNER TO own_alice;
