CREATE TABLE items (id int PRIMARY KEY, name text, price numeric, note text);
GRANT UPDATE (note) ON items TO priv_writer;
