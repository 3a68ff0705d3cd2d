CREATE TABLE public.accounts (id integer PRIMARY KEY, balance numeric, closed boolean);
CREATE PUBLICATION ledger FOR TABLE ONLY public.accounts (id, balance) WHERE (closed IS NOT TRUE);
