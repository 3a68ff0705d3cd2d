CREATE TABLE public.articles (id integer PRIMARY KEY, body text);
