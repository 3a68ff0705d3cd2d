CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host 'old.internal', port '5433', fetch_size '100');
CREATE USER MAPPING FOR fdw_reader SERVER warehouse OPTIONS (user 'reader');
CREATE FOREIGN TABLE public.stock_levels (
    sku text OPTIONS (column_name 'item_sku'),
    quantity integer
) SERVER warehouse OPTIONS (table_name 'levels', updatable 'false');
