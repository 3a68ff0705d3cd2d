CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT (id, name) ON items TO priv_reader;
