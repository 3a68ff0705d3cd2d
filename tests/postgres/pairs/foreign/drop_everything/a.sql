CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'w.internal');
CREATE USER MAPPING FOR fdw_reader SERVER warehouse OPTIONS (user 'reader');
CREATE FOREIGN TABLE public.stock (sku text) SERVER warehouse;
CREATE VIEW public.stock_skus AS SELECT sku FROM public.stock;
CREATE TABLE public.kept (id integer);
