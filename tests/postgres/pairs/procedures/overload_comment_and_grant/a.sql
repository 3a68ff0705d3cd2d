-- COMMENT ON PROCEDURE and GRANT EXECUTE name an overload by its argument types.
CREATE PROCEDURE log_event(msg text) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE log_event(msg text, level integer) LANGUAGE sql AS $$ SELECT 2 $$;
