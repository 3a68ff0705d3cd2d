CREATE SCHEMA extensions;
CREATE EXTENSION citext SCHEMA extensions;
CREATE TABLE users (id int PRIMARY KEY, email extensions.citext NOT NULL);
