-- Below the install-time ACL: PUBLIC loses the EXECUTE every function starts with.
CREATE EXTENSION hstore;
REVOKE EXECUTE ON FUNCTION hstore(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION each(hstore) FROM PUBLIC;
