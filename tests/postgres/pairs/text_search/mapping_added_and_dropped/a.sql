CREATE TEXT SEARCH CONFIGURATION public.notes (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.notes ADD MAPPING FOR asciiword, word WITH english_stem;
ALTER TEXT SEARCH CONFIGURATION public.notes ADD MAPPING FOR email WITH simple;
