CREATE TEXT SEARCH PARSER public.splitter (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                                           LEXTYPES = prsd_lextype);
CREATE TEXT SEARCH CONFIGURATION public.split_words (PARSER = public.splitter);
ALTER TEXT SEARCH CONFIGURATION public.split_words ADD MAPPING FOR asciiword WITH simple;
CREATE TABLE public.logs (id integer PRIMARY KEY, line text);
CREATE INDEX logs_line_search ON public.logs USING gin (to_tsvector('public.split_words'::regconfig, line));
CREATE VIEW public.log_words AS SELECT id, to_tsvector('public.split_words'::regconfig, line) AS words FROM public.logs;
