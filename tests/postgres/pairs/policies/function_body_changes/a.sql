CREATE FUNCTION current_tenant() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders USING (tenant_id = current_tenant());
