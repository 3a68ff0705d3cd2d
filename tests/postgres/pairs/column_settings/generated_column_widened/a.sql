CREATE TABLE measurements (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, reading integer, doubled integer GENERATED ALWAYS AS (reading * 2) STORED);
INSERT INTO measurements (reading) VALUES (1), (21);
