CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id int PRIMARY KEY);
CREATE FUNCTION billing.total() RETURNS int LANGUAGE sql AS 'SELECT 1';
