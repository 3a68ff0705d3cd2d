CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE public.items (id int PRIMARY KEY, email text, owner_name text);
CREATE VIEW public.item_emails AS SELECT id, email FROM public.items;
ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON public.items USING (owner_name = current_user);
