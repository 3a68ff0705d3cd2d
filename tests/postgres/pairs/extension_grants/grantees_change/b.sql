-- PUBLIC gets its install-time EXECUTE back, one grantee goes, another comes.
CREATE EXTENSION hstore;
GRANT EXECUTE ON FUNCTION hstore(text, text) TO ext_grants_monitor;
