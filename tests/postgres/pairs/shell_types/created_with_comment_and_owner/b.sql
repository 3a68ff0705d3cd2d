-- Shell types (pgAdmin's schema-diff suite): bare, commented, and handed to another role.
CREATE SCHEMA shells;
CREATE TABLE public.t (id int);
CREATE TYPE public.bare_shell;
CREATE TYPE shells.commented_shell;
COMMENT ON TYPE shells.commented_shell IS 'a name reserved for a base type';
CREATE TYPE shells.owned_shell;
ALTER TYPE shells.owned_shell OWNER TO shell_owner;
