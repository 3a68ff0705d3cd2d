-- sql-dropaccessmethod.html: DROP ACCESS METHOD refuses while a table uses it (RESTRICT).
CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler;
COMMENT ON ACCESS METHOD stored_rows IS 'heap under another name';

CREATE TABLE public.items (id int PRIMARY KEY) USING stored_rows;
CREATE MATERIALIZED VIEW public.item_ids USING stored_rows AS SELECT id FROM public.items;
