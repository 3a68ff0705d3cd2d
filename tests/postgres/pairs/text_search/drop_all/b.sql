CREATE SCHEMA search;
CREATE TABLE search.pages (id integer PRIMARY KEY, body text);
