CREATE TABLE anchor (id integer PRIMARY KEY);
CREATE DOMAIN email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');
