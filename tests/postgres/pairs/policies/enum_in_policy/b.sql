CREATE TYPE visibility AS ENUM ('public', 'private');
CREATE TABLE docs (id integer PRIMARY KEY, vis visibility NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON docs FOR SELECT USING (vis = 'public'::visibility);
