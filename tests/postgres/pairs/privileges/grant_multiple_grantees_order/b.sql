CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT ON items TO priv_writer;
GRANT SELECT ON items TO PUBLIC;
GRANT SELECT ON items TO priv_reader;
