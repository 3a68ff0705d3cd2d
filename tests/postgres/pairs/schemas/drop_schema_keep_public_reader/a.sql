CREATE SCHEMA legacy;
CREATE TABLE legacy.accounts (id integer PRIMARY KEY);
CREATE TABLE public.sessions (id integer PRIMARY KEY, account_id integer REFERENCES legacy.accounts);
CREATE VIEW public.session_accounts AS SELECT s.id, a.id AS account FROM public.sessions s JOIN legacy.accounts a ON a.id = s.account_id;
