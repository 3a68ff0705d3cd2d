-- The enum and its column go; a shell type takes its name.
CREATE TYPE public.mood;
CREATE TABLE public.t (id int);
