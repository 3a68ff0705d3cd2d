CREATE TABLE docs (id integer PRIMARY KEY, old_owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner ON docs USING (old_owner = current_user);
