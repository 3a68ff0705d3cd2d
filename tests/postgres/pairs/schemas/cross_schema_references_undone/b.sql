CREATE SCHEMA app;
CREATE SCHEMA reporting;
CREATE TABLE app.users (id serial PRIMARY KEY, email text);
INSERT INTO app.users (email) VALUES ('a@example.com');
