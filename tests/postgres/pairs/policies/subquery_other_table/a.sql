CREATE TABLE memberships (user_name text, team_id integer);
CREATE TABLE projects (id integer PRIMARY KEY, team_id integer);
