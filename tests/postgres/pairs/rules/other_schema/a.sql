CREATE SCHEMA audit;
CREATE TABLE audit.entries (what text, at timestamptz DEFAULT now());
CREATE TABLE public.things (id integer, label text);
