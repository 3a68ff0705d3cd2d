CREATE FUNCTION score(s integer, k text DEFAULT 'x') RETURNS integer LANGUAGE sql AS $$ SELECT s + length(k) $$;
CREATE TABLE results (id integer, points integer DEFAULT score(1));
CREATE VIEW scored AS SELECT id, score(id) AS s FROM results;
