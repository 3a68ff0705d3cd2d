CREATE TABLE memberships (user_name text, team_id integer);
CREATE TABLE projects (id integer PRIMARY KEY, team_id integer, owner text);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_members ON projects USING (team_id IN (SELECT team_id FROM memberships WHERE user_name = current_user));
