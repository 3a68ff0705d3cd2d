-- Trusted now, with an inline handler and a validator: CREATE OR REPLACE LANGUAGE, keeping the function written
-- in it and the view over that function.
CREATE TRUSTED LANGUAGE lang_changing HANDLER plpgsql_call_handler INLINE plpgsql_inline_handler
    VALIDATOR plpgsql_validator;
COMMENT ON LANGUAGE lang_changing IS 'trusted now';
CREATE FUNCTION public.in_changing() RETURNS int LANGUAGE lang_changing AS $$BEGIN RETURN 1; END$$;
CREATE VIEW public.v AS SELECT public.in_changing() AS one;
