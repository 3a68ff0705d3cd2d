CREATE TYPE point3 AS (x integer, y integer, label text);
CREATE TABLE points OF point3;
INSERT INTO points VALUES (1, 2, 'a');
