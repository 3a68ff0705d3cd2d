CREATE TEXT SEARCH PARSER public.words_parser (
    START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);
CREATE TEXT SEARCH TEMPLATE public.plain_template (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY public.plain (TEMPLATE = public.plain_template);
CREATE TEXT SEARCH CONFIGURATION public.plain_words (PARSER = public.words_parser);
COMMENT ON TEXT SEARCH DICTIONARY public.plain IS 'old';
