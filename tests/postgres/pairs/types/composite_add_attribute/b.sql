CREATE TYPE address AS (street text, city text, country text);
CREATE TABLE people (id integer PRIMARY KEY, home address);
