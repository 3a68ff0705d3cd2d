CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('x', 'y', 'z');
CREATE TABLE app.things (id int PRIMARY KEY, k app.kind);
