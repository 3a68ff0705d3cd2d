CREATE TABLE users (id serial PRIMARY KEY, tenant_id integer NOT NULL);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_tenant_isolation ON users FOR ALL TO PUBLIC USING (tenant_id = 2);
