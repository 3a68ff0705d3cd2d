CREATE EXTENSION postgres_fdw;
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.parts (part_no integer, label varchar(10)) SERVER warehouse;
CREATE VIEW public.part_labels AS SELECT part_no, upper(label) AS label FROM public.parts;
