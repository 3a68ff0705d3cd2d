CREATE TABLE projects (id integer PRIMARY KEY, team_id integer);
