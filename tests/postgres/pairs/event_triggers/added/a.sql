CREATE SCHEMA audit;
CREATE FUNCTION audit.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'command %', tg_tag;
END
$$;
