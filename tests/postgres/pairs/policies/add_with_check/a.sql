CREATE TABLE posts (id integer PRIMARY KEY, author text);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY authors ON posts USING (author = current_user);
