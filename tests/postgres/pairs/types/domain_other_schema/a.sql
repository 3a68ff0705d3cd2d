CREATE SCHEMA utils;
CREATE TABLE anchor (id integer);
