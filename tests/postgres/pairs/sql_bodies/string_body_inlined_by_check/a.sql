CREATE SCHEMA app;
CREATE TABLE app.events (id bigint PRIMARY KEY, code text NOT NULL);
INSERT INTO app.events VALUES (1, 'ok');
