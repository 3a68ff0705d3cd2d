CREATE TYPE level AS ENUM ('low', 'mid', 'high');
CREATE TABLE tasks (id int PRIMARY KEY, lvl level);
INSERT INTO tasks VALUES (1, 'low');
