CREATE TABLE notes (id integer PRIMARY KEY, author text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON notes TO current_user USING (author = current_user);
CREATE POLICY sessions ON notes FOR SELECT TO session_user USING (author = session_user);
