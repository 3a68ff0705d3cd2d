-- A column of the extension's type keeps its data: the type moves with the extension, nothing is rewritten.
CREATE SCHEMA extensions;
CREATE EXTENSION citext SCHEMA public;
CREATE TABLE users (id int PRIMARY KEY, email citext NOT NULL);
INSERT INTO users VALUES (1, 'A@example.com');
