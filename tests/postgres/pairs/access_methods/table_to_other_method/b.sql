CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler;
COMMENT ON ACCESS METHOD stored_rows IS 'heap under another name';

CREATE TABLE public.readings (id bigint PRIMARY KEY, taken_at timestamptz NOT NULL, value numeric) USING stored_rows;
CREATE INDEX readings_taken_at ON public.readings (taken_at);
CREATE TABLE public.archive (id bigint, payload text) USING heap;
