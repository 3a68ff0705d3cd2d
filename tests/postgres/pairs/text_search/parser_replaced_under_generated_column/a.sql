CREATE TEXT SEARCH PARSER public.tokens (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                                         LEXTYPES = prsd_lextype);
CREATE TEXT SEARCH CONFIGURATION public.token_words (PARSER = public.tokens);
ALTER TEXT SEARCH CONFIGURATION public.token_words ADD MAPPING FOR asciiword WITH simple;
CREATE TABLE public.messages (
    id integer PRIMARY KEY,
    body text,
    search tsvector GENERATED ALWAYS AS (to_tsvector('public.token_words'::regconfig, body)) STORED
);
CREATE INDEX messages_search ON public.messages USING gin (search);
INSERT INTO public.messages (id, body) VALUES (1, 'hello world');
