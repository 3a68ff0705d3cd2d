CREATE LANGUAGE lang_changing HANDLER plpgsql_call_handler;
CREATE FUNCTION public.in_changing() RETURNS int LANGUAGE lang_changing AS $$BEGIN RETURN 1; END$$;
CREATE VIEW public.v AS SELECT public.in_changing() AS one;
