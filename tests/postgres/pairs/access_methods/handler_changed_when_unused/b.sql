CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE FUNCTION public.stored_rows_handler_v2(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler_v2;
COMMENT ON ACCESS METHOD stored_rows IS 'version 2';
CREATE TABLE public.t (id int);
