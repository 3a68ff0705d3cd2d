CREATE SCHEMA audit;
CREATE TABLE audit.entries (what text, at timestamptz DEFAULT now());
CREATE TABLE public.things (id integer, label text);
CREATE RULE "Audit Things" AS ON UPDATE TO public.things WHERE NEW.label IS DISTINCT FROM OLD.label DO ALSO
    INSERT INTO audit.entries (what) VALUES ('label ' || coalesce(OLD.label, '?') || ' -> ' || NEW.label);
CREATE RULE guard AS ON DELETE TO audit.entries DO INSTEAD NOTHING;
