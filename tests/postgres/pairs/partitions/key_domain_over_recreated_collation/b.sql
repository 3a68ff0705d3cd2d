CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
CREATE DOMAIN public.code AS text COLLATE public.ci;
CREATE TABLE public.events (id int, code public.code, v int) PARTITION BY LIST (code);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
