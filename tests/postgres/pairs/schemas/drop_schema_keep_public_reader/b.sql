CREATE TABLE public.sessions (id integer PRIMARY KEY, account_id integer);
