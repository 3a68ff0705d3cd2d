CREATE TYPE tag AS ENUM ('c', 'a');
CREATE TABLE posts (id int PRIMARY KEY, tags tag[] DEFAULT '{a}');
