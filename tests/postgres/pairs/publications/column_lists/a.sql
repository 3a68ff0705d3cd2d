CREATE TABLE public.orders (id integer PRIMARY KEY, customer text, total numeric, note text);
CREATE PUBLICATION orders_feed FOR TABLE ONLY public.orders (id, total);
