CREATE DOMAIN tag AS text;
CREATE TABLE posts (id integer PRIMARY KEY, tags tag[] DEFAULT '{}');
CREATE INDEX posts_tags ON posts USING gin (tags);
INSERT INTO posts VALUES (1, '{short,words}'), (2, NULL);
