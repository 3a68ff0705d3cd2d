CREATE FUNCTION public.my_like(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a LIKE b $$;
