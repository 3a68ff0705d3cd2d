CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.bins (bin text) SERVER warehouse;
