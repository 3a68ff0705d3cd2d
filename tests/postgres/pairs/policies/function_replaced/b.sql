CREATE FUNCTION current_tenant() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 2::bigint $$;
CREATE TABLE orders (id integer PRIMARY KEY, tenant_id bigint);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders USING (tenant_id = current_tenant());
