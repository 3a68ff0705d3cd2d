-- A new comment, a new owner, and a shell type left out (dropped).
CREATE TYPE public.kept_shell;
COMMENT ON TYPE public.kept_shell IS 'after';
CREATE TYPE public.moved_shell;
ALTER TYPE public.moved_shell OWNER TO shell_owner;
