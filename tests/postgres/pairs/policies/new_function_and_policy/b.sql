CREATE SCHEMA app;
CREATE FUNCTION app.current_tenant() RETURNS integer LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN current_setting('app.tenant')::integer; END $$;
CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders USING (tenant_id = app.current_tenant()) WITH CHECK (tenant_id = app.current_tenant());
