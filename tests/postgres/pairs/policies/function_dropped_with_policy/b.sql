CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY admins ON orders USING (tenant_id = 1);
