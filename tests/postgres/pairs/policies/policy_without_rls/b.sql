CREATE TABLE notes (id integer PRIMARY KEY, author text);
CREATE POLICY dormant ON notes USING (author = current_user);
