CREATE TABLE public.parent_old (id bigserial NOT NULL, created date);
CREATE TABLE public.child (note text) INHERITS (public.parent_old);
