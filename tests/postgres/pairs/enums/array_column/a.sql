CREATE TYPE tag AS ENUM ('a', 'b', 'c');
CREATE TABLE posts (id int PRIMARY KEY, tags tag[] DEFAULT '{a}');
INSERT INTO posts VALUES (1, '{a,c}');
