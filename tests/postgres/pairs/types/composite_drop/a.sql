CREATE TABLE anchor (id integer);
CREATE TYPE address AS (street text, city text);
