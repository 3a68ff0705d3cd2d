-- sql-altertable.html: SET ACCESS METHOD rewrites the table into the new access method.
CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler;
COMMENT ON ACCESS METHOD stored_rows IS 'heap under another name';

CREATE TABLE public.readings (id bigint PRIMARY KEY, taken_at timestamptz NOT NULL, value numeric);
CREATE INDEX readings_taken_at ON public.readings (taken_at);
CREATE TABLE public.archive (id bigint, payload text) USING stored_rows;
INSERT INTO public.readings VALUES (1, '2024-01-01', 1.5), (2, '2024-01-02', 2.5);
