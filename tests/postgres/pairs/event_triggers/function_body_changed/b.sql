-- CREATE OR REPLACE FUNCTION keeps the event trigger.
CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
    AS $$BEGIN RAISE NOTICE 'v2 % %', tg_event, tg_tag; END$$;
CREATE EVENT TRIGGER note_commands ON ddl_command_end EXECUTE FUNCTION public.note_command();
