CREATE TABLE notes (id integer PRIMARY KEY, author text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY writers ON notes FOR INSERT TO policy_writer WITH CHECK (author = current_user);
