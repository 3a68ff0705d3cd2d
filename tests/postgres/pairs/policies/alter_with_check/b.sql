CREATE TABLE posts (id integer PRIMARY KEY, author text, published boolean DEFAULT false);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY authors ON posts FOR UPDATE USING (author = current_user) WITH CHECK (author = current_user AND NOT published);
