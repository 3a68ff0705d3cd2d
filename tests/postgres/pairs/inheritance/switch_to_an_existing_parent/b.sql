-- Both parents exist: the child swaps one for the other and both its inherited columns stay inherited.
CREATE TABLE public.parent_a (id integer, label text);
CREATE TABLE public.parent_b (id integer, label text);
CREATE TABLE public.child (note text) INHERITS (public.parent_b);
