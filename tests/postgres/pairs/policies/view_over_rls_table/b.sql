CREATE TABLE docs (id integer PRIMARY KEY, owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner ON docs USING (owner = current_user);
CREATE VIEW my_docs AS SELECT id FROM docs;
