-- The extension and the grants on its members come in one plan: the grants after CREATE EXTENSION.
CREATE TABLE t (id integer);
CREATE EXTENSION citext;
GRANT USAGE ON TYPE citext TO ext_grants_app;
REVOKE EXECUTE ON FUNCTION regexp_replace(citext, citext, text) FROM PUBLIC;
