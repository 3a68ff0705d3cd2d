-- ON SCHEMAS exists database-wide only; a schema the plan creates receives it.
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO ddp_reader;
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY);
