CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT ALL ON items TO priv_app;
