CREATE TABLE public.parent_old (id integer NOT NULL, region text);
CREATE TABLE public.child (note text) INHERITS (public.parent_old);
CREATE TABLE public.parent_new (id integer NOT NULL);
