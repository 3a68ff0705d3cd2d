CREATE TABLE public.items (id int PRIMARY KEY);
CREATE MATERIALIZED VIEW public.item_ids AS SELECT id FROM public.items;
