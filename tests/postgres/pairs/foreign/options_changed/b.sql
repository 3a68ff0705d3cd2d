CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host 'new.internal', dbname 'stock', fetch_size '100');
CREATE USER MAPPING FOR fdw_reader SERVER warehouse OPTIONS (user 'reporting');
CREATE FOREIGN TABLE public.stock_levels (
    sku text,
    quantity integer OPTIONS (column_name 'qty')
) SERVER warehouse OPTIONS (schema_name 'inventory', table_name 'stock_levels');
