CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
ALTER SERVER warehouse OWNER TO fdw_owner;
CREATE FOREIGN TABLE public.bins (bin text) SERVER warehouse;
ALTER FOREIGN TABLE public.bins OWNER TO fdw_owner;
