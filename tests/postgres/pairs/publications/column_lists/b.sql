CREATE TABLE public.orders (id integer PRIMARY KEY, customer text, total numeric, note text);
CREATE TABLE public."Line Items" (id integer PRIMARY KEY, "Order" integer, qty integer);
CREATE PUBLICATION orders_feed FOR TABLE ONLY public.orders (id, customer, total), TABLE ONLY public."Line Items" ("Order", id)
    WITH (publish = 'insert, update');
