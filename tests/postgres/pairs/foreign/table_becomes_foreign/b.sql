CREATE EXTENSION postgres_fdw;
CREATE SERVER archive FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE public.old_events (id integer, happened_at timestamp) SERVER archive;
CREATE TABLE public.remote_log (line text);
