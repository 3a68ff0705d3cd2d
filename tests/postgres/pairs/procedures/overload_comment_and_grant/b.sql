CREATE PROCEDURE log_event(msg text) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE log_event(msg text, level integer) LANGUAGE sql AS $$ SELECT 2 $$;
COMMENT ON PROCEDURE log_event(text) IS 'at the default level';
REVOKE EXECUTE ON PROCEDURE log_event(text, integer) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE log_event(text, integer) TO proc_caller;
