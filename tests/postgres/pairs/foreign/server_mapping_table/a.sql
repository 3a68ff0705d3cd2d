CREATE TABLE public.local_orders (id integer);
