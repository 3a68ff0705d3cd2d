CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.shipments (
    id integer NOT NULL,
    carrier varchar(20),
    weight integer,
    legacy_code text
) SERVER warehouse;
