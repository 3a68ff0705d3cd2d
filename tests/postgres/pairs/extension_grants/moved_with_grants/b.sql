-- The extension moves (ALTER EXTENSION ... SET SCHEMA): its members keep their names in the file.
CREATE SCHEMA kv;
CREATE EXTENSION hstore SCHEMA kv;
GRANT EXECUTE ON FUNCTION kv.hstore(text, text) TO ext_grants_app;
GRANT EXECUTE ON FUNCTION kv.svals(kv.hstore) TO ext_grants_app;
