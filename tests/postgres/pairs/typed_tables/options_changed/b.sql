CREATE TYPE person AS (id integer, name text, active boolean);
CREATE TABLE people OF person (name WITH OPTIONS NOT NULL, active WITH OPTIONS DEFAULT false);
