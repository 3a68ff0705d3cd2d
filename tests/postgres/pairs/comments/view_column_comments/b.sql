CREATE TABLE people (id int PRIMARY KEY, name text, born date);
CREATE VIEW adults AS SELECT id, name FROM people WHERE born < now() - interval '18 years';
CREATE VIEW names AS SELECT name FROM people;
-- Comments on a view's columns: changed, removed, and on a new view.
COMMENT ON COLUMN adults.id IS 'the person''s id';
COMMENT ON COLUMN names.name IS 'every name';
