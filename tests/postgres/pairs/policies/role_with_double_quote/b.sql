CREATE TABLE notes (id integer PRIMARY KEY);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY odd ON notes FOR SELECT TO "policy ""odd"" role" USING (true);
