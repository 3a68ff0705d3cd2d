CREATE DOMAIN code AS text NOT NULL;
CREATE TABLE items (id integer PRIMARY KEY, c code);
