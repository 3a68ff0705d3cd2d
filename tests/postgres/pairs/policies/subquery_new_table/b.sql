CREATE TABLE projects (id integer PRIMARY KEY, team_id integer);
CREATE TABLE a_memberships (user_name text, team_id integer);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_members ON projects USING (team_id IN (SELECT team_id FROM a_memberships WHERE user_name = current_user));
