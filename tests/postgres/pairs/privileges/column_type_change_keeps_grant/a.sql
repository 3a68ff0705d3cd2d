CREATE TABLE items (id int PRIMARY KEY, qty int);
GRANT UPDATE (qty) ON items TO priv_writer;
GRANT SELECT ON items TO priv_reader;
