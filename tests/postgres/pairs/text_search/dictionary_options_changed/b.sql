CREATE TEXT SEARCH DICTIONARY public.short_words (TEMPLATE = pg_catalog.simple, Accept = true);
