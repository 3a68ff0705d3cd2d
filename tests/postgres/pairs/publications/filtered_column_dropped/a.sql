CREATE TABLE public.accounts (id integer PRIMARY KEY, legacy_flag boolean, balance numeric, closed boolean);
CREATE PUBLICATION ledger FOR TABLE ONLY public.accounts (id, balance, legacy_flag) WHERE (legacy_flag IS NOT TRUE AND closed IS NOT TRUE);
