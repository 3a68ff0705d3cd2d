CREATE FUNCTION public.my_like(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE SUPPORT textlike_support AS $$ SELECT a LIKE b $$;
CREATE FUNCTION public.my_like2(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE SUPPORT pg_catalog.textlike_support AS $$ SELECT a LIKE b $$;
