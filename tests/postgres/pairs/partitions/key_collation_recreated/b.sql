CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
CREATE TABLE public.events (id int, code text COLLATE public.ci, v int) PARTITION BY RANGE (code);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES FROM ('a') TO ('m');
