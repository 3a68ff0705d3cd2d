-- Only the secret values change: the plan compares them with the environment's values.
CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'wh.internal');
CREATE USER MAPPING FOR postgres SERVER warehouse OPTIONS (user 'loader', password 'prod_pass', sslpassword 'k2');
CREATE FOREIGN DATA WRAPPER ledger_fdw;
CREATE SERVER ledger FOREIGN DATA WRAPPER ledger_fdw OPTIONS (endpoint 'https://ledger.internal', password 'new');
