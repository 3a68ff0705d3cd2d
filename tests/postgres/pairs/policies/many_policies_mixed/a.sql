CREATE TABLE items (id integer PRIMARY KEY, owner text, shared boolean DEFAULT false);
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY p_select ON items FOR SELECT USING (owner = current_user OR shared);
CREATE POLICY p_insert ON items FOR INSERT WITH CHECK (owner = current_user);
CREATE POLICY p_gone ON items FOR DELETE USING (false);
