CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE public.events (id int, code text, v int) PARTITION BY RANGE (code COLLATE public.ci);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES FROM ('a') TO ('m');
