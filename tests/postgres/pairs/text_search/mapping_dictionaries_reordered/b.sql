CREATE TEXT SEARCH CONFIGURATION public.mixed (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.mixed ADD MAPPING FOR asciiword WITH simple, english_stem;
ALTER TEXT SEARCH CONFIGURATION public.mixed ADD MAPPING FOR word WITH german_stem, english_stem;
