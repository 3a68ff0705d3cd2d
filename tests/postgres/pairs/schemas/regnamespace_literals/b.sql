-- pgcodekeeper's add_view_with_dep: a declared schema's name cast to regnamespace names that schema, which the
-- plan's trial holds under another name (a quoted, mixed-case one too), in a view, a default and a check.
CREATE SCHEMA test;
CREATE SCHEMA "Mixed Case";
CREATE TABLE t (id integer, home regnamespace DEFAULT 'test'::regnamespace CHECK (home <> '"Mixed Case"'::regnamespace));
CREATE VIEW v AS
    SELECT 'test'::regnamespace::text AS plain, '"Mixed Case"'::regnamespace::oid AS quoted, 'pg_catalog'::regnamespace AS own;
CREATE FUNCTION in_test(n regnamespace) RETURNS boolean LANGUAGE sql IMMUTABLE
    RETURN n = 'test'::regnamespace;
