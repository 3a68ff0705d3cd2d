CREATE FUNCTION public.note_command() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE '%', tg_tag; END$$;
-- Tags are matched whatever their case and kept upper-cased, in the order written.
CREATE EVENT TRIGGER note_tables ON ddl_command_end
    WHEN TAG IN ('create table', 'Alter Table', 'DROP TABLE', 'CREATE TABLE AS', 'SELECT INTO')
    EXECUTE FUNCTION public.note_command();
CREATE EVENT TRIGGER note_rewrites ON table_rewrite WHEN TAG IN ('ALTER TABLE', 'ALTER TYPE')
    EXECUTE FUNCTION public.note_command();
CREATE EVENT TRIGGER note_grants ON ddl_command_start WHEN TAG IN ('GRANT', 'REVOKE', 'ALTER DEFAULT PRIVILEGES')
    EXECUTE FUNCTION public.note_command();
