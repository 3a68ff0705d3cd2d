CREATE EXTENSION hstore;
CREATE TABLE settings (id integer);
