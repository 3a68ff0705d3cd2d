CREATE EXTENSION postgres_fdw;
CREATE TABLE public.local_orders (id integer);
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host 'warehouse.internal', port '5433', dbname 'stock');
CREATE USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS (user 'guest');
CREATE USER MAPPING FOR fdw_reader SERVER warehouse OPTIONS (user 'reader');
CREATE FOREIGN TABLE public.stock_levels (
    sku text OPTIONS (column_name 'item_sku') NOT NULL,
    quantity integer DEFAULT 0,
    updated_at timestamp with time zone
) SERVER warehouse OPTIONS (schema_name 'inventory', table_name 'levels');
