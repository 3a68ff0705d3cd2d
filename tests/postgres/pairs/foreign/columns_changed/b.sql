CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.shipments (
    id bigint NOT NULL,
    carrier varchar(40) NOT NULL,
    weight numeric(10,2),
    shipped_on date DEFAULT CURRENT_DATE,
    CONSTRAINT positive_weight CHECK (weight > 0)
) SERVER warehouse;
