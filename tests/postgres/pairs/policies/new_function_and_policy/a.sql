CREATE TABLE orders (id integer PRIMARY KEY, tenant_id integer);
