CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer, bucket integer GENERATED ALWAYS AS (tenant_id % 10) STORED);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY bucketed ON orders USING (bucket = 1);
