CREATE TEXT SEARCH CONFIGURATION public.tickets_en (COPY = pg_catalog.english);
CREATE TABLE public.tickets (
    id integer PRIMARY KEY,
    subject text,
    search tsvector GENERATED ALWAYS AS (to_tsvector('public.tickets_en'::regconfig, coalesce(subject, ''))) STORED
);
CREATE INDEX tickets_search ON public.tickets USING gin (search);
INSERT INTO public.tickets (id, subject) VALUES (1, 'Printers are jamming');
