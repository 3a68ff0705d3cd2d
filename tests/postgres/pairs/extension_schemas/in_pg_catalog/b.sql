-- An extension installed in pg_catalog (pgAdmin's adminpack) is exported and created there; pg_catalog stays
-- first on the search_path, so public's now() does not shadow the built-in one in the view.
CREATE EXTENSION adminpack WITH SCHEMA pg_catalog VERSION '1.0';
COMMENT ON EXTENSION adminpack IS 'administrative functions';
CREATE TABLE public.t (id int);
CREATE FUNCTION public.now() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE VIEW public.v AS SELECT now() AS at, public.now() AS one;
