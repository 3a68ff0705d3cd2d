CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_setting('app.uid', true) $$;
CREATE TABLE profiles (id text PRIMARY KEY);
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY self ON profiles USING (id = auth.uid());
