CREATE TABLE notes (id integer PRIMARY KEY, author text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON notes FOR SELECT TO policy_writer, policy_reader USING (true);
