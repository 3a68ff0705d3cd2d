CREATE EXTENSION hstore;
GRANT EXECUTE ON FUNCTION hstore(text, text) TO ext_grants_app;
GRANT EXECUTE ON FUNCTION skeys(hstore) TO ext_grants_app;
