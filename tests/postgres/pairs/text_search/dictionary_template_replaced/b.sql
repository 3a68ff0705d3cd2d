CREATE TEXT SEARCH DICTIONARY public.words (TEMPLATE = pg_catalog.snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION public.catalogue (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION public.catalogue ADD MAPPING FOR asciiword, word WITH public.words;
ALTER TEXT SEARCH CONFIGURATION public.catalogue ADD MAPPING FOR int, uint WITH simple;
CREATE TABLE public.items (id integer PRIMARY KEY, title text);
CREATE INDEX items_title_search ON public.items USING gin (to_tsvector('public.catalogue'::regconfig, title));
