-- Bodies are compared as written: an upper-case schema, a name in a string and in a comment read back unchanged.
CREATE SCHEMA app;
CREATE TABLE app.items (id int PRIMARY KEY);
CREATE FUNCTION app.item_count() RETURNS bigint LANGUAGE sql STABLE
AS $$SELECT count(*) FROM APP.items -- counts app.items
$$;
CREATE FUNCTION app.items_name() RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'app.items'::text || ' / APP.items'$$;
CREATE FUNCTION app.items_class() RETURNS regclass LANGUAGE sql STABLE AS $$SELECT 'app.items'::regclass$$;
