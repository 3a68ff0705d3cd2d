CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT ON items TO priv_reader;
GRANT UPDATE (price) ON items TO priv_reader;
