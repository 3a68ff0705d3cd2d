CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT (id) ON items TO priv_reader;
