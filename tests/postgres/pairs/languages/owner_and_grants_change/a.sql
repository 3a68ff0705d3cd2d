CREATE TRUSTED LANGUAGE lang_owned HANDLER plpgsql_call_handler VALIDATOR plpgsql_validator;
GRANT USAGE ON LANGUAGE lang_owned TO lang_app;
COMMENT ON LANGUAGE lang_owned IS 'before';
