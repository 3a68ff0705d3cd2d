CREATE TABLE notes (id integer PRIMARY KEY);
CREATE POLICY "select" ON notes TO PUBLIC, policy_reader USING (id > 0);
