CREATE TYPE state AS ENUM ('new', 'old', 'done');
CREATE TABLE jobs (id int PRIMARY KEY, st state DEFAULT 'new');
INSERT INTO jobs VALUES (1, 'done');
