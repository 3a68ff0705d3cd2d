-- The shell type's name goes to an enum (created before the shell type is dropped: it is renamed aside first).
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE public.t (id int, m public.mood);
