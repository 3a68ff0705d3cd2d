CREATE SEQUENCE invoice_numbers START 1000;
CREATE TABLE bills (number bigint DEFAULT nextval('invoice_numbers'));
ALTER SEQUENCE invoice_numbers OWNED BY bills.number;
