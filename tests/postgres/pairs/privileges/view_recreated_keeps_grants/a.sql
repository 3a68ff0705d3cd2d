CREATE TABLE items (id int PRIMARY KEY, name text);
CREATE VIEW item_names AS SELECT name FROM items;
GRANT SELECT ON item_names TO priv_reader;
