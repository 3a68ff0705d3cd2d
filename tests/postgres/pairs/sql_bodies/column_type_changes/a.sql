CREATE TABLE readings (id int PRIMARY KEY, celsius integer NOT NULL);
CREATE FUNCTION max_reading() RETURNS integer LANGUAGE sql STABLE BEGIN ATOMIC SELECT max(celsius) FROM readings; END;
