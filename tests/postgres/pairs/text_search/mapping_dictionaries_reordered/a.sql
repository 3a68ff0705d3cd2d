CREATE TEXT SEARCH CONFIGURATION public.mixed (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.mixed ADD MAPPING FOR asciiword WITH english_stem, simple;
