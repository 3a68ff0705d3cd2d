-- Each function an event trigger ran is replaced: one by a new result (void), the other by a new signature (an
-- argument, which event trigger functions cannot take). The triggers move to new functions: dropped before the
-- old ones go, created again after the new ones.
CREATE FUNCTION public.note_command() RETURNS void LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'no trigger'; END$$;
CREATE FUNCTION public.note_drop(loud boolean) RETURNS void LANGUAGE plpgsql
    AS $$BEGIN RAISE NOTICE 'loud %', loud; END$$;
CREATE FUNCTION public.note_command_v2() RETURNS event_trigger LANGUAGE plpgsql
    AS $$BEGIN RAISE NOTICE 'v2 %', tg_tag; END$$;
CREATE FUNCTION public.note_drop_v2() RETURNS event_trigger LANGUAGE plpgsql
    AS $$BEGIN RAISE NOTICE 'v2 %', tg_tag; END$$;
CREATE EVENT TRIGGER note_commands ON ddl_command_end EXECUTE FUNCTION public.note_command_v2();
COMMENT ON EVENT TRIGGER note_commands IS 'moves to a new function';
CREATE EVENT TRIGGER note_drops ON sql_drop EXECUTE FUNCTION public.note_drop_v2();
