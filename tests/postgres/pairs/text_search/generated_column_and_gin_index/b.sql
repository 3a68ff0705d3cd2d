CREATE TEXT SEARCH CONFIGURATION public.articles_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION public.articles_en DROP MAPPING FOR int, uint, float, sfloat;
CREATE TABLE public.articles (
    id integer PRIMARY KEY,
    body text,
    search tsvector GENERATED ALWAYS AS (to_tsvector('public.articles_en'::regconfig, coalesce(body, ''))) STORED
);
CREATE INDEX articles_search ON public.articles USING gin (search);
CREATE VIEW public.article_words AS
    SELECT id, to_tsvector('public.articles_en'::regconfig, body) AS words FROM public.articles;
