CREATE DOMAIN code AS varchar(10);
CREATE TABLE items (id integer PRIMARY KEY, c code NOT NULL, n text);
CREATE INDEX items_c ON items (c);
