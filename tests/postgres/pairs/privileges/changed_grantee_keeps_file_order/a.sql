CREATE TABLE items (id int PRIMARY KEY, name text);
GRANT SELECT ON items TO priv_reader;
GRANT SELECT ON items TO priv_writer;
