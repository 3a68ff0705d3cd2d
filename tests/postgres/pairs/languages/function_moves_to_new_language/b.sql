-- The function is written in a language the plan creates first (CREATE OR REPLACE FUNCTION keeps the view).
CREATE TRUSTED LANGUAGE lang_new HANDLER plpgsql_call_handler INLINE plpgsql_inline_handler
    VALIDATOR plpgsql_validator;
CREATE FUNCTION public.greeting(who text) RETURNS text LANGUAGE lang_new AS $$BEGIN RETURN 'hello ' || who; END$$;
CREATE VIEW public.greetings AS SELECT public.greeting('world') AS g;
