CREATE TABLE public.accounts (id integer PRIMARY KEY, name text);
CREATE PUBLICATION accounts_pub FOR TABLE ONLY public.accounts WITH (publish = 'insert');
COMMENT ON PUBLICATION accounts_pub IS 'old';
