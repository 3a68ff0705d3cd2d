CREATE DOMAIN public.code AS text;
CREATE TABLE public.events (id int, code public.code, v int) PARTITION BY LIST (code);
CREATE TABLE public.events_a PARTITION OF public.events FOR VALUES IN ('a');
CREATE TABLE public.events_b PARTITION OF public.events FOR VALUES IN ('b');
