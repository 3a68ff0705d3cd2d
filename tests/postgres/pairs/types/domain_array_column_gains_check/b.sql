CREATE DOMAIN tag AS text CHECK (length(VALUE) < 20);
CREATE TABLE posts (id integer PRIMARY KEY, tags tag[] DEFAULT '{}');
CREATE INDEX posts_tags ON posts USING gin (tags);
