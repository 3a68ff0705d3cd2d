CREATE TYPE person AS (id integer, name text, active boolean);
CREATE TABLE people OF person (id WITH OPTIONS NOT NULL, active WITH OPTIONS DEFAULT true);
INSERT INTO people VALUES (1, 'ann', false);
