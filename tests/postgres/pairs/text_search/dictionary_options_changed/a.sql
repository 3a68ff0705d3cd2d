CREATE TEXT SEARCH DICTIONARY public.short_words (TEMPLATE = pg_catalog.simple, StopWords = english, Accept = false);
