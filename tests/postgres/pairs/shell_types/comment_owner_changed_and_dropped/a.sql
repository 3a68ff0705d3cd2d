CREATE TYPE public.kept_shell;
COMMENT ON TYPE public.kept_shell IS 'before';
CREATE TYPE public.moved_shell;
CREATE TYPE public.gone_shell;
COMMENT ON TYPE public.gone_shell IS 'dropped';
