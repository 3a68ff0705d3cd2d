CREATE SCHEMA billing;
GRANT USAGE ON SCHEMA billing TO priv_reader;
CREATE TABLE billing.invoices (id int PRIMARY KEY);
GRANT SELECT ON billing.invoices TO priv_reader;
CREATE FUNCTION billing.total() RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE ALL ON FUNCTION billing.total() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing.total() TO priv_reader;
