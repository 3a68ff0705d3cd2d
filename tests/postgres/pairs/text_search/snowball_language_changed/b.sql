CREATE TEXT SEARCH DICTIONARY public.stems (TEMPLATE = snowball, Language = russian);
CREATE TEXT SEARCH CONFIGURATION public.stemmed (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION public.stemmed ADD MAPPING FOR asciiword WITH public.stems;
