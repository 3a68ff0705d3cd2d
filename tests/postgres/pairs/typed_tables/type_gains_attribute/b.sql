CREATE TYPE person AS (id integer, name text, email text);
CREATE TABLE people OF person (email WITH OPTIONS DEFAULT 'none', PRIMARY KEY (id));
