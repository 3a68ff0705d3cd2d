CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE EVENT TRIGGER note_every_command ON ddl_command_end EXECUTE FUNCTION public.note_command();
COMMENT ON EVENT TRIGGER note_every_command IS 'goes away with its function';
CREATE EVENT TRIGGER note_drops ON sql_drop WHEN TAG IN ('DROP TABLE') EXECUTE FUNCTION public.note_command();
