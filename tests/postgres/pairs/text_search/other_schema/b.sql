CREATE SCHEMA search;
CREATE TEXT SEARCH TEMPLATE search.lowercase (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY search."Lower Words" (TEMPLATE = search.lowercase, Accept = true);
CREATE TEXT SEARCH CONFIGURATION public.app_search (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.app_search ADD MAPPING FOR asciiword, word WITH search."Lower Words";
CREATE TABLE public.posts (id integer PRIMARY KEY, title text);
CREATE VIEW public.post_lexemes AS SELECT id, ts_lexize('search."Lower Words"'::regdictionary, title) AS lexemes
    FROM public.posts;
