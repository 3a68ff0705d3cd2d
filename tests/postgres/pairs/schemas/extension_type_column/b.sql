CREATE EXTENSION hstore;
CREATE TABLE settings (id integer, attributes hstore NOT NULL DEFAULT ''::hstore);
CREATE TABLE audit (id integer, changes hstore[]);
CREATE VIEW setting_keys AS SELECT id, akeys(attributes) AS keys FROM settings;
