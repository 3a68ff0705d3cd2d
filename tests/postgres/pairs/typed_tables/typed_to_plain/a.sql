CREATE TYPE person AS (id integer, name text);
CREATE TABLE people OF person;
INSERT INTO people VALUES (1, 'ann');
