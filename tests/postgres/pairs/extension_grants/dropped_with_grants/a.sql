-- The grants on its members are revoked while they exist, then DROP EXTENSION.
CREATE TABLE t (id integer);
CREATE EXTENSION citext;
GRANT USAGE ON TYPE citext TO ext_grants_app;
REVOKE EXECUTE ON FUNCTION regexp_replace(citext, citext, text) FROM PUBLIC;
