CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
CREATE EVENT TRIGGER changes_owner ON ddl_command_end EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER changes_owner OWNER TO evt_pairs_admin;
CREATE EVENT TRIGGER keeps_owner ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.note_command();
ALTER EVENT TRIGGER keeps_owner OWNER TO evt_pairs_auditor;
