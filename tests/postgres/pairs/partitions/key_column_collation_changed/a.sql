CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE public.events (id int, code text COLLATE public.ci, v int) PARTITION BY LIST (code);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
