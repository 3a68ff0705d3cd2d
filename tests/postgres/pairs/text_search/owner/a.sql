CREATE TEXT SEARCH DICTIONARY public.owned_dict (TEMPLATE = simple);
CREATE TEXT SEARCH CONFIGURATION public.owned_config (COPY = simple);
