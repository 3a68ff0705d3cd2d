CREATE DOMAIN custom_id AS text CHECK (VALUE ~ '^[A-Z]{3}-[0-9]+$');
CREATE FUNCTION make_id(n integer) RETURNS custom_id LANGUAGE sql IMMUTABLE AS $$ SELECT ('ABC-' || n)::custom_id $$;
CREATE FUNCTION id_number(i custom_id) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT split_part(i, '-', 2)::integer $$;
