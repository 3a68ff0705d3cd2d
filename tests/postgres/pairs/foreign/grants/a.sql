CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.prices (sku text, price numeric, cost numeric) SERVER warehouse;
GRANT SELECT ON public.prices TO fdw_clerk;
