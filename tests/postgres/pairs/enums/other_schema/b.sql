CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('z', 'x');
CREATE TABLE app.things (id int PRIMARY KEY, k app.kind);
