CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE public.t (id int, m public.mood);
