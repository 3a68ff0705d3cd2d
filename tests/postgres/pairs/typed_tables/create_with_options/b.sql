CREATE TYPE person AS (id integer, name text, active boolean);
CREATE TABLE people OF person (id WITH OPTIONS NOT NULL, active WITH OPTIONS DEFAULT true, PRIMARY KEY (id));
COMMENT ON COLUMN people.name IS 'display name';
CREATE TABLE plain_people OF person;
