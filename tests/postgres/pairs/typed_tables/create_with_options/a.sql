CREATE TYPE person AS (id integer, name text, active boolean);
