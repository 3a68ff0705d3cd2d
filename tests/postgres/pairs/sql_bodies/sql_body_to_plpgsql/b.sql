CREATE FUNCTION plus_one(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN i + 1; END $$;
