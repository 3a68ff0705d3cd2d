CREATE DOMAIN tag AS text CHECK (length(VALUE) < 20);
CREATE TABLE posts (id integer PRIMARY KEY, tags tag[] DEFAULT '{}');
