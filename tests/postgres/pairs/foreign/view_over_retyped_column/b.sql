CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.parts (part_no bigint, label text) SERVER warehouse;
CREATE VIEW public.part_labels AS SELECT part_no, upper(label) AS label FROM public.parts;
