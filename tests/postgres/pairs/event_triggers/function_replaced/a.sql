CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE FUNCTION public.note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE EVENT TRIGGER note_commands ON ddl_command_end EXECUTE FUNCTION public.note_command();
COMMENT ON EVENT TRIGGER note_commands IS 'moves to a new function';
CREATE EVENT TRIGGER note_drops ON sql_drop EXECUTE FUNCTION public.note_drop();
