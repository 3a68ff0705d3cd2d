CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
REVOKE ALL ON items FROM postgres;
GRANT SELECT ON items TO postgres;
