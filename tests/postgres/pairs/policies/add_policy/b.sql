CREATE TABLE users (id serial PRIMARY KEY, tenant_id integer NOT NULL);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users USING (tenant_id = current_setting('app.tenant')::integer);
