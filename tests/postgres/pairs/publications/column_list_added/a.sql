CREATE TABLE public.users (user_id integer PRIMARY KEY, firstname text, lastname text, password_hash text);
CREATE TABLE public.sessions (id integer PRIMARY KEY, user_id integer, token text, started timestamptz);
CREATE PUBLICATION users_filtered FOR TABLE ONLY public.users, TABLE ONLY public.sessions WHERE (user_id > 0);
