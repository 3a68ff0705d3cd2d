CREATE SCHEMA tenant;
CREATE TABLE tenant.invoices (id integer PRIMARY KEY, tenant_id integer NOT NULL);
ALTER TABLE tenant.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_tenant ON tenant.invoices USING (tenant_id = 1);
CREATE POLICY old_one ON tenant.invoices FOR DELETE USING (false);
