CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'wh.internal');
CREATE USER MAPPING FOR postgres SERVER warehouse OPTIONS (user 'loader', password 'dev_pass', sslpassword 'k1');
-- A wrapper without a validator takes any option, a server's password too.
CREATE FOREIGN DATA WRAPPER ledger_fdw;
CREATE SERVER ledger FOREIGN DATA WRAPPER ledger_fdw OPTIONS (endpoint 'https://ledger.internal', password 'old');
