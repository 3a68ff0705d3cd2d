CREATE DOMAIN code AS text;
CREATE TABLE items (id integer PRIMARY KEY, c code);
