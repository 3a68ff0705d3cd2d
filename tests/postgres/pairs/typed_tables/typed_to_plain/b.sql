CREATE TYPE person AS (id integer, name text);
CREATE TABLE people (id integer, name text, email text);
