CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO priv_reader;
CREATE TABLE app.items (id int);
GRANT SELECT ON app.items TO priv_reader;
