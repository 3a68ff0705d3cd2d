CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT, UPDATE, DELETE ON items TO priv_writer;
