-- Types and an aggregate whose owner revokes its own USAGE / EXECUTE: the plan's trial gives each its declared
-- owner first, or the REVOKE ... FROM the owner would be measured against the planning role's default.
CREATE TABLE public.t (id int);
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
ALTER TYPE public.mood OWNER TO own_types;
REVOKE USAGE ON TYPE public.mood FROM own_types;
CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);
ALTER DOMAIN public.positive OWNER TO own_types;
REVOKE USAGE ON DOMAIN public.positive FROM own_types;
GRANT USAGE ON DOMAIN public.positive TO own_types WITH GRANT OPTION;
CREATE TYPE public.pair AS (a int, b int);
ALTER TYPE public.pair OWNER TO own_types;
REVOKE ALL ON TYPE public.pair FROM PUBLIC, own_types;
CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
ALTER AGGREGATE public.total(integer) OWNER TO own_types;
REVOKE EXECUTE ON FUNCTION public.total(integer) FROM own_types;
