CREATE SCHEMA util;
CREATE FUNCTION util.describe(v integer) RETURNS text LANGUAGE sql IMMUTABLE RETURN 'int ' || v;
CREATE FUNCTION util.describe(v text, prefix text DEFAULT '>') RETURNS text LANGUAGE sql IMMUTABLE RETURN prefix || v;
CREATE FUNCTION util.describe(v boolean) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN v::text; END $$;
COMMENT ON FUNCTION util.describe(text, text) IS 'text with a prefix';
REVOKE EXECUTE ON FUNCTION util.describe(boolean) FROM PUBLIC;
