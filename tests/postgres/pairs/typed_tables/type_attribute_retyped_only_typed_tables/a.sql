CREATE TYPE point3 AS (x integer, y integer, label varchar(10));
CREATE TABLE points OF point3 (PRIMARY KEY (x, y));
INSERT INTO points VALUES (1, 2, 'a');
