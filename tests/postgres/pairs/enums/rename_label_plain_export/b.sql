CREATE TYPE level AS ENUM ('low', 'medium', 'high');
CREATE TABLE tasks (id int PRIMARY KEY, lvl level);
