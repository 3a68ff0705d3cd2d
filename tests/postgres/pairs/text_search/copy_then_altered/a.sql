CREATE TEXT SEARCH CONFIGURATION public.site (COPY = pg_catalog.english);
