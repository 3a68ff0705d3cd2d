CREATE TEXT SEARCH DICTIONARY public.plain (TEMPLATE = pg_catalog.simple);
CREATE TEXT SEARCH CONFIGURATION public.site (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION public.site ALTER MAPPING REPLACE english_stem WITH public.plain;
