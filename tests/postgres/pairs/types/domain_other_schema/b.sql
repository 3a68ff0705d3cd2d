CREATE SCHEMA utils;
CREATE DOMAIN utils.custom_text AS text CHECK (VALUE <> '');
CREATE TABLE docs (id integer PRIMARY KEY, body utils.custom_text);
