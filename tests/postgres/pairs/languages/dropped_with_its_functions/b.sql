-- The language and the function written in it are dropped: the function first (DROP LANGUAGE refuses one in use).
CREATE TABLE public.t (id int);
