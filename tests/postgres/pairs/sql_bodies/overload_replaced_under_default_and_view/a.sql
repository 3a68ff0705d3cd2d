CREATE FUNCTION score(s integer, k integer DEFAULT 2) RETURNS integer LANGUAGE sql AS $$ SELECT s * k $$;
CREATE TABLE results (id integer, points integer DEFAULT score(1));
CREATE VIEW scored AS SELECT id, score(id) AS s FROM results;
INSERT INTO results (id) VALUES (1);
