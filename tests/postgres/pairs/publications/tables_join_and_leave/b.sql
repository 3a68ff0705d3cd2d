CREATE SCHEMA sales;
CREATE TABLE sales.b (id integer PRIMARY KEY);
CREATE TABLE sales.c (id integer PRIMARY KEY);
CREATE TABLE sales.d (id integer PRIMARY KEY, label text);
CREATE PUBLICATION feed FOR TABLE ONLY sales.b, TABLE ONLY sales.c, TABLE ONLY sales.d WITH (publish = 'insert, delete, truncate');
