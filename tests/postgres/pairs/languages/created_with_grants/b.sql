-- A trusted language on plpgsql's handlers, granted with grant option and taken from PUBLIC; an untrusted one
-- with a comment (PostgreSQL refuses grants on it); a function written in each.
CREATE TRUSTED LANGUAGE lang_trusted HANDLER plpgsql_call_handler INLINE plpgsql_inline_handler
    VALIDATOR plpgsql_validator;
COMMENT ON LANGUAGE lang_trusted IS 'plpgsql under another name';
REVOKE USAGE ON LANGUAGE lang_trusted FROM PUBLIC;
GRANT USAGE ON LANGUAGE lang_trusted TO lang_app WITH GRANT OPTION;
CREATE LANGUAGE lang_untrusted HANDLER plpgsql_call_handler;
COMMENT ON LANGUAGE lang_untrusted IS 'superusers only';
CREATE TABLE public.t (id int);
CREATE FUNCTION public.answer() RETURNS int LANGUAGE lang_trusted AS $$BEGIN RETURN 42; END$$;
CREATE FUNCTION public.rows_in_t() RETURNS bigint LANGUAGE lang_untrusted
    AS $$BEGIN RETURN (SELECT count(*) FROM public.t); END$$;
