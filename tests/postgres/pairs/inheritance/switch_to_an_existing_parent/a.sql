CREATE TABLE public.parent_a (id integer, label text);
CREATE TABLE public.parent_b (id integer, label text);
CREATE TABLE public.child (note text) INHERITS (public.parent_a);
INSERT INTO public.child VALUES (1, 'one', 'kept');
