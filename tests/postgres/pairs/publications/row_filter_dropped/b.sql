CREATE TABLE public.users (user_id integer PRIMARY KEY, firstname text, lastname text, email text, deleted_at timestamptz);
CREATE PUBLICATION live_users FOR TABLE ONLY public.users (user_id, firstname, email);
