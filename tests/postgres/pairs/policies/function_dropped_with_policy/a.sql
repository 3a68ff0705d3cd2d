CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT current_user = 'admin' $$;
CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY admins ON orders USING (is_admin() OR tenant_id = 1);
