CREATE SCHEMA sales;
CREATE TABLE sales.a (id integer PRIMARY KEY);
CREATE TABLE sales.b (id integer PRIMARY KEY);
CREATE TABLE sales.c (id integer PRIMARY KEY);
CREATE PUBLICATION feed FOR TABLE ONLY sales.a, TABLE ONLY sales.b;
