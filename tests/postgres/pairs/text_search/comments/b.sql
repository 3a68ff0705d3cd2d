CREATE TEXT SEARCH PARSER public.words_parser (
    START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);
CREATE TEXT SEARCH TEMPLATE public.plain_template (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY public.plain (TEMPLATE = public.plain_template);
CREATE TEXT SEARCH CONFIGURATION public.plain_words (PARSER = public.words_parser);
COMMENT ON TEXT SEARCH PARSER public.words_parser IS 'the default parser''s functions';
COMMENT ON TEXT SEARCH TEMPLATE public.plain_template IS 'simple, again';
COMMENT ON TEXT SEARCH DICTIONARY public.plain IS 'lower-cases words';
COMMENT ON TEXT SEARCH CONFIGURATION public.plain_words IS 'nothing mapped yet';
