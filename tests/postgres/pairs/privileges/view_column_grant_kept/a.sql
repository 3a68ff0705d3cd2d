CREATE TABLE items (id int, name text);
CREATE VIEW v AS SELECT id, name FROM items;
GRANT SELECT (name) ON v TO priv_reader;
