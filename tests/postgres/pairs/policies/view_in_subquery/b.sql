CREATE TABLE grants (user_name text, project_id integer, revoked boolean DEFAULT false);
CREATE VIEW my_grants AS SELECT project_id FROM grants WHERE user_name = current_user AND NOT revoked;
CREATE TABLE projects (id integer PRIMARY KEY);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY granted ON projects USING (id IN (SELECT project_id FROM my_grants));
