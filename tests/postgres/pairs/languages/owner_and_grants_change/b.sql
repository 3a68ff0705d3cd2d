-- A new owner (a superuser's language handed to a plain role), USAGE moves from lang_app to PUBLIC only, the
-- comment goes.
CREATE TRUSTED LANGUAGE lang_owned HANDLER plpgsql_call_handler VALIDATOR plpgsql_validator;
ALTER LANGUAGE lang_owned OWNER TO lang_owner;
