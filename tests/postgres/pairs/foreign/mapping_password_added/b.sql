-- The export writes each secret as a ${env:NAME} placeholder; the harness sets the variable to B's value, as
-- whoever adopts the database does from the exported file's header.
CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'wh.internal', dbname 'stock');
CREATE USER MAPPING FOR postgres SERVER warehouse OPTIONS (user 'reader', password 's3cr3t '' with a quote');
CREATE USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS (user 'guest', password 'guest-pass');
