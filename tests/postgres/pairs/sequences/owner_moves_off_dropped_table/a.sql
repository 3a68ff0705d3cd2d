CREATE TABLE invoices (number bigint);
CREATE SEQUENCE invoice_numbers START 1000;
ALTER SEQUENCE invoice_numbers OWNED BY invoices.number;
SELECT nextval('invoice_numbers');
