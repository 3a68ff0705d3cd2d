CREATE TABLE items (id integer PRIMARY KEY, owner text, shared boolean DEFAULT false);
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
ALTER TABLE items FORCE ROW LEVEL SECURITY;
CREATE POLICY p_select ON items FOR SELECT USING (owner = current_user);
CREATE POLICY p_insert ON items AS RESTRICTIVE FOR INSERT WITH CHECK (owner = current_user);
CREATE POLICY p_update ON items FOR UPDATE USING (owner = current_user);
