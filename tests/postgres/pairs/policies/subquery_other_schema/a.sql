CREATE SCHEMA auth;
CREATE TABLE auth.users (name text PRIMARY KEY, is_admin boolean NOT NULL DEFAULT false);
CREATE TABLE projects (id integer PRIMARY KEY, owner text);
