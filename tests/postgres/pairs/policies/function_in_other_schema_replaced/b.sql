CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT current_setting('app.uid', true)::uuid $$;
CREATE TABLE profiles (id uuid PRIMARY KEY);
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY self ON profiles USING (id = auth.uid());
