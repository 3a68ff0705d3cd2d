CREATE SCHEMA core;
CREATE SCHEMA reporting;
CREATE TABLE core.sales (id int PRIMARY KEY, amount numeric NOT NULL);
