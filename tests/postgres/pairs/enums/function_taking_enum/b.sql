CREATE TYPE color AS ENUM ('blue', 'red');
CREATE FUNCTION is_warm(c color) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT c = 'red' $$;
