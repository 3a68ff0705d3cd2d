-- pg_trgm's gist_trgm_ops takes siglen too; a second key without parameters keeps its place.
CREATE EXTENSION pg_trgm;
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL);
CREATE INDEX users_names ON users USING gist (name gist_trgm_ops (siglen = 32), email gist_trgm_ops);
