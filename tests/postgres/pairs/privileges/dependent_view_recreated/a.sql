CREATE TABLE items (id int PRIMARY KEY, name text);
CREATE VIEW v1 AS SELECT id, name FROM items;
CREATE VIEW v2 AS SELECT name FROM v1;
GRANT SELECT ON v2 TO priv_reader;
