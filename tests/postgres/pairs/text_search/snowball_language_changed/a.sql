CREATE TEXT SEARCH DICTIONARY public.stems (TEMPLATE = snowball, Language = english, StopWords = english);
CREATE TEXT SEARCH CONFIGURATION public.stemmed (PARSER = "default");
ALTER TEXT SEARCH CONFIGURATION public.stemmed ADD MAPPING FOR asciiword WITH public.stems;
