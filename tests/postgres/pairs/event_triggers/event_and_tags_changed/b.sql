CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE EVENT TRIGGER new_event ON ddl_command_end EXECUTE FUNCTION public.note_command();
COMMENT ON EVENT TRIGGER new_event IS 'kept across the re-creation';
CREATE EVENT TRIGGER new_tags ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'CREATE INDEX')
    EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER new_tags DISABLE;
CREATE EVENT TRIGGER tags_reordered ON ddl_command_end WHEN TAG IN ('DROP VIEW', 'CREATE VIEW')
    EXECUTE FUNCTION public.note_command();
CREATE EVENT TRIGGER tags_left_out ON ddl_command_start EXECUTE FUNCTION public.note_command();
