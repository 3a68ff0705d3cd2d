CREATE FUNCTION public.my_like(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a LIKE b $$;
CREATE FUNCTION public.my_series(a int, b int) RETURNS SETOF int LANGUAGE sql IMMUTABLE SUPPORT generate_series_int4_support AS $$ SELECT generate_series(a, b) $$;
