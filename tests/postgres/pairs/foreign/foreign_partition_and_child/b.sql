CREATE EXTENSION postgres_fdw;
CREATE SERVER archive FOREIGN DATA WRAPPER postgres_fdw;
CREATE TABLE public.measurements (taken date NOT NULL, reading integer) PARTITION BY RANGE (taken);
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE FOREIGN TABLE public.measurements_2023 PARTITION OF public.measurements
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01') SERVER archive OPTIONS (table_name 'm2023');
CREATE TABLE public.base_log (id integer);
CREATE FOREIGN TABLE public.remote_log (note text) INHERITS (public.base_log) SERVER archive;
