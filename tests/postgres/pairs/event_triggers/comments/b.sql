CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE EVENT TRIGGER gains_one ON ddl_command_end EXECUTE FUNCTION public.note_command();
COMMENT ON EVENT TRIGGER gains_one IS 'added: it''s new';
CREATE EVENT TRIGGER changes_it ON ddl_command_start EXECUTE FUNCTION public.note_command();
COMMENT ON EVENT TRIGGER changes_it IS 'after';
CREATE EVENT TRIGGER loses_it ON sql_drop EXECUTE FUNCTION public.note_command();
