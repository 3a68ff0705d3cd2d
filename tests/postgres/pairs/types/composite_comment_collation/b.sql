CREATE TYPE label AS (t text COLLATE "C", n integer);
COMMENT ON TYPE label IS 'a label';
