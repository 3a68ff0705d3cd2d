CREATE TABLE readings (id int PRIMARY KEY, celsius integer NOT NULL);
CREATE FUNCTION warm_readings() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM readings WHERE celsius > 20;
END;
