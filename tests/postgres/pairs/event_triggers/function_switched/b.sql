CREATE SCHEMA audit;
CREATE SCHEMA audit_v2;
-- The old function goes: the trigger is dropped first and created again, on the new one, last.
CREATE FUNCTION audit_v2.note() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'v2 %', tg_tag; END$$;
CREATE EVENT TRIGGER note_commands ON ddl_command_end EXECUTE FUNCTION audit_v2.note();
ALTER EVENT TRIGGER note_commands ENABLE ALWAYS;
