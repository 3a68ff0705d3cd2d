CREATE TABLE memberships (user_name text, team_id integer);
CREATE TABLE projects (id integer PRIMARY KEY, team_id integer);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_members ON projects USING (EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = projects.team_id AND m.user_name = current_user));
