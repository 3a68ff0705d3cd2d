CREATE FUNCTION public.my_like(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE SUPPORT textlike_support AS $$ SELECT a LIKE b $$;
CREATE FUNCTION public.my_series(a int, b int) RETURNS SETOF int LANGUAGE sql IMMUTABLE SUPPORT textlike_support AS $$ SELECT generate_series(a, b) $$;
