CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT UPDATE (price) ON items TO priv_writer;
