CREATE EXTENSION postgres_fdw;
CREATE SERVER archive FOREIGN DATA WRAPPER postgres_fdw;
CREATE TABLE public.old_events (id integer, happened_at timestamp);
CREATE FOREIGN TABLE public.remote_log (line text) SERVER archive;
