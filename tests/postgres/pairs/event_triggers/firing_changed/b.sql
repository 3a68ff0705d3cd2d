CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE EVENT TRIGGER to_disable ON ddl_command_start EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER to_disable DISABLE;
CREATE EVENT TRIGGER to_replica ON ddl_command_start EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER to_replica ENABLE REPLICA;
CREATE EVENT TRIGGER to_always ON ddl_command_end EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER to_always ENABLE ALWAYS;
CREATE EVENT TRIGGER to_origin ON sql_drop EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER to_origin ENABLE;
