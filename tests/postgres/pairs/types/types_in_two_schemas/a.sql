CREATE SCHEMA geo;
CREATE TABLE anchor (id integer);
