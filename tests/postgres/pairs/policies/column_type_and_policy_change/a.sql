CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer, note text);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders USING (tenant_id = 1);
