CREATE EXTENSION postgres_fdw;
CREATE SERVER primary_site FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'a.internal');
CREATE SERVER backup_site FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'b.internal');
CREATE FOREIGN TABLE public.ledger (entry_id bigint, amount numeric) SERVER primary_site OPTIONS (table_name 'ledger');
CREATE VIEW public.big_entries AS SELECT entry_id, amount FROM public.ledger WHERE amount > 1000;
