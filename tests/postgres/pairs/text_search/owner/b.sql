CREATE TEXT SEARCH DICTIONARY public.owned_dict (TEMPLATE = simple);
CREATE TEXT SEARCH CONFIGURATION public.owned_config (COPY = simple);
ALTER TEXT SEARCH DICTIONARY public.owned_dict OWNER TO search_admin;
ALTER TEXT SEARCH CONFIGURATION public.owned_config OWNER TO search_admin;
