CREATE FUNCTION public.stored_rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.stored_rows_handler;
COMMENT ON ACCESS METHOD stored_rows IS 'heap under another name';

CREATE TABLE public.events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    USING stored_rows;
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE UNLOGGED TABLE public.scratch (k text) USING stored_rows WITH (fillfactor = 70);
SET default_table_access_method = stored_rows;
CREATE TABLE public.notes (body text);
RESET default_table_access_method;
CREATE TABLE public.plain (body text);
