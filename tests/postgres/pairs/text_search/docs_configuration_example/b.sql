CREATE TABLE public.docs (id integer PRIMARY KEY, body text);
-- After "Text Search Configuration Example" in the PostgreSQL manual (its ispell and synonym files left out).
CREATE TEXT SEARCH CONFIGURATION public.pg (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION public.pg
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.pg DROP MAPPING FOR email, url, url_path, sfloat, float;
