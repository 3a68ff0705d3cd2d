-- GRANT on a function the extension owns: the function is the extension's, the grant the database's.
CREATE EXTENSION hstore;
GRANT EXECUTE ON FUNCTION hstore(text, text) TO ext_grants_app WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION akeys(hstore) TO ext_grants_app;
GRANT USAGE ON TYPE hstore TO ext_grants_app;
