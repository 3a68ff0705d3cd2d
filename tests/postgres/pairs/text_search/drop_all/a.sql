CREATE SCHEMA search;
CREATE TEXT SEARCH PARSER search.p (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                                    LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
CREATE TEXT SEARCH TEMPLATE search.t (LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY search.d (TEMPLATE = search.t);
CREATE TEXT SEARCH CONFIGURATION search.c (PARSER = search.p);
ALTER TEXT SEARCH CONFIGURATION search.c ADD MAPPING FOR asciiword WITH search.d;
CREATE TABLE search.pages (id integer PRIMARY KEY, body text);
CREATE INDEX pages_body ON search.pages USING gin (to_tsvector('search.c'::regconfig, body));
