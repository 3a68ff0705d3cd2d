CREATE TABLE notes (id integer PRIMARY KEY, author text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON notes USING (author = current_user);
COMMENT ON POLICY mine ON notes IS 'old words';
