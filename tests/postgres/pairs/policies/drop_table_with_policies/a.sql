CREATE TABLE documents (id bigint PRIMARY KEY, owner text);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON documents USING (owner = current_user);
CREATE TABLE keep (id integer);
