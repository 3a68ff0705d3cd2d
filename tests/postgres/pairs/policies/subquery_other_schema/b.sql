CREATE SCHEMA auth;
CREATE TABLE auth.users (name text PRIMARY KEY, is_admin boolean NOT NULL DEFAULT false);
CREATE TABLE projects (id integer PRIMARY KEY, owner text);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY admins_or_owner ON projects USING (owner = current_user OR EXISTS (SELECT 1 FROM auth.users u WHERE u.name = current_user AND u.is_admin));
