CREATE SCHEMA audit;
CREATE FUNCTION audit.note_v1() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'v1 %', tg_tag; END$$;
CREATE EVENT TRIGGER note_commands ON ddl_command_end EXECUTE FUNCTION audit.note_v1();
ALTER EVENT TRIGGER note_commands ENABLE ALWAYS;
