CREATE TYPE state AS ENUM ('new', 'running', 'done');
CREATE TABLE jobs (id int PRIMARY KEY, st state DEFAULT 'new');
