CREATE TRUSTED LANGUAGE lang_gone HANDLER plpgsql_call_handler INLINE plpgsql_inline_handler
    VALIDATOR plpgsql_validator;
COMMENT ON LANGUAGE lang_gone IS 'dropped with its function';
CREATE FUNCTION public.in_gone() RETURNS int LANGUAGE lang_gone AS $$BEGIN RETURN 1; END$$;
CREATE TABLE public.t (id int);
