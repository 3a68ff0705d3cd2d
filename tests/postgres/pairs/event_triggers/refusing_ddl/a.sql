-- A trigger refusing every command: the plan's trial disables it in its rolled-back transaction, and the apply
-- drops it before anything else.
CREATE FUNCTION public.refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'command % is disabled', tg_tag;
END
$$;
CREATE TABLE public.orders (id integer);
CREATE EVENT TRIGGER refuse_ddl ON ddl_command_start EXECUTE FUNCTION public.refuse_ddl();
