-- A new function takes the database-wide row (no PUBLIC) merged with its schema's (ddp_reader may run it).
CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO ddp_reader;
CREATE FUNCTION app.answer() RETURNS integer LANGUAGE sql RETURN 42;
