CREATE TABLE other (id integer);
CREATE TABLE documents (id bigint PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_reads ON documents FOR SELECT USING (owner = current_user);
CREATE POLICY owner_writes ON documents FOR INSERT WITH CHECK (owner = current_user);
CREATE POLICY owner_updates ON documents FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY owner_deletes ON documents FOR DELETE USING (owner = current_user);
