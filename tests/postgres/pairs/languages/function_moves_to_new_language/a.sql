CREATE FUNCTION public.greeting(who text) RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN 'hello ' || who; END$$;
CREATE VIEW public.greetings AS SELECT public.greeting('world') AS g;
