CREATE TABLE projects (id integer PRIMARY KEY, team_id integer, owner text);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_members ON projects USING (owner = current_user);
