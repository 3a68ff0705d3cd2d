CREATE TABLE docs (id integer PRIMARY KEY, new_owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner ON docs USING (new_owner = current_user);
