CREATE TYPE person AS (id integer, name text);
CREATE TABLE people OF person;
