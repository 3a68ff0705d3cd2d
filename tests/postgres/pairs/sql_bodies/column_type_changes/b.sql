CREATE TABLE readings (id int PRIMARY KEY, celsius numeric(5, 2) NOT NULL);
CREATE FUNCTION max_reading() RETURNS numeric LANGUAGE sql STABLE BEGIN ATOMIC SELECT max(celsius) FROM readings; END;
