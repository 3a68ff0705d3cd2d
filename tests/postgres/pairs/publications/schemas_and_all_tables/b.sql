CREATE SCHEMA app;
CREATE SCHEMA audit;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE TABLE audit.log (id integer PRIMARY KEY);
CREATE PUBLICATION everything FOR TABLE ONLY app.users;
CREATE PUBLICATION by_schema FOR TABLES IN SCHEMA audit, TABLE ONLY app.users;
CREATE PUBLICATION all_again FOR ALL TABLES WITH (publish = 'insert');
