CREATE TABLE public.users (user_id integer PRIMARY KEY, firstname text, lastname text, password_hash text);
CREATE TABLE public.sessions (id integer PRIMARY KEY, user_id integer, token text, started timestamptz);
CREATE PUBLICATION users_filtered FOR TABLE ONLY public.users (user_id, firstname, lastname),
    TABLE ONLY public.sessions (id, user_id, started) WHERE (user_id > 0);
