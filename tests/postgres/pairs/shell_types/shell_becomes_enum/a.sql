CREATE TYPE public.mood;
CREATE TABLE public.t (id int);
