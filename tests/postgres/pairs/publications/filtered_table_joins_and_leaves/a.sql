CREATE TABLE public.tickets (id integer PRIMARY KEY, status text, assignee text);
CREATE TABLE public.comments (id integer PRIMARY KEY, ticket integer, internal boolean);
CREATE PUBLICATION support FOR TABLE ONLY public.tickets WHERE (status <> 'spam');
CREATE PUBLICATION other FOR TABLE ONLY public.comments;
