CREATE TYPE label AS (t text);
