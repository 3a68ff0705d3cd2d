-- Created last, after the table changes, a trigger refusing drops does not see the apply's DROP TABLE.
CREATE FUNCTION public.refuse_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dropping % is disabled', tg_tag;
END
$$;
CREATE TABLE public.orders (id integer, placed_at timestamptz);
CREATE TABLE public.customers (id integer);
CREATE EVENT TRIGGER refuse_drops ON sql_drop EXECUTE FUNCTION public.refuse_drops();
