CREATE TABLE people (id int PRIMARY KEY, name text, born date);
CREATE VIEW adults AS SELECT id, name FROM people WHERE born < now() - interval '18 years';
COMMENT ON COLUMN adults.id IS 'the person';
COMMENT ON COLUMN adults.name IS 'as registered';
