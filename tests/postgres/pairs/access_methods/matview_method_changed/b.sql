CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler;
COMMENT ON ACCESS METHOD stored_rows IS 'heap under another name';

CREATE TABLE public.orders (id int PRIMARY KEY, total numeric);
CREATE MATERIALIZED VIEW public.order_totals USING stored_rows AS SELECT sum(total) AS total FROM public.orders;
CREATE MATERIALIZED VIEW public.order_count AS SELECT count(*) AS n FROM public.orders;
CREATE MATERIALIZED VIEW public.big_orders USING stored_rows AS
    SELECT id FROM public.orders WHERE total > 1000 WITH NO DATA;
CREATE UNIQUE INDEX big_orders_id ON public.big_orders (id);
