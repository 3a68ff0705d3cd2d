CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT (name), UPDATE (price) ON items TO priv_reader;
