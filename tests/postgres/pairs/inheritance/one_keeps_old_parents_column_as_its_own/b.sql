-- `id` moves to the new parent and stays inherited; `region`, which the old parent drops, stays the child's
-- own: the old parent's DROP COLUMN waits for the NO INHERIT, or it would take the child's column with it.
CREATE TABLE public.parent_old (id integer NOT NULL);
CREATE TABLE public.parent_new (id integer NOT NULL);
CREATE TABLE public.child (id integer NOT NULL, region text, note text);
ALTER TABLE public.child INHERIT public.parent_new;
