-- apgdiff's and pgcodekeeper's modify_inherits: the child moves to a new parent that also has `id`. It inherits
-- the new parent before it leaves the old one, so `id` stays inherited (NO INHERIT first would make it the
-- child's own, for good); the old parent's new column and dropped `id` wait until the child has left it.
CREATE TABLE public.parent_old (extra integer);
CREATE TABLE public.parent_new (id bigserial NOT NULL);
CREATE TABLE public.child (note text) INHERITS (public.parent_new);
