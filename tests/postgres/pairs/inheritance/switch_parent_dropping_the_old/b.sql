-- The old parent is dropped (after the child leaves it); `id` and `created` stay inherited from the new one.
CREATE TABLE public.parent_new (id bigserial NOT NULL, created date);
CREATE TABLE public.child (note text) INHERITS (public.parent_new);
