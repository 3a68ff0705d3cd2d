CREATE SCHEMA audit;
CREATE FUNCTION audit.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'command %', tg_tag;
END
$$;
CREATE EVENT TRIGGER note_every_command ON ddl_command_start EXECUTE FUNCTION audit.note_command();
CREATE EVENT TRIGGER note_drops ON sql_drop EXECUTE PROCEDURE audit.note_command();
