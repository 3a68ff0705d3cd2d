CREATE TABLE public.events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
