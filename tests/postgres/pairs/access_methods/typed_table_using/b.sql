CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler;
COMMENT ON ACCESS METHOD stored_rows IS 'heap under another name';

CREATE TYPE public.person AS (name text, born date);
CREATE TABLE public.staff OF public.person (name WITH OPTIONS PRIMARY KEY) USING stored_rows;
CREATE TABLE public.visitors OF public.person (born WITH OPTIONS NOT NULL) USING stored_rows;
