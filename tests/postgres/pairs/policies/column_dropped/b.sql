CREATE TABLE orders (id integer PRIMARY KEY, owner text);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders USING (owner = current_user);
