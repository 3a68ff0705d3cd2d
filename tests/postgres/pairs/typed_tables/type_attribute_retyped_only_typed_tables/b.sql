CREATE TYPE point3 AS (x bigint, y integer, label text);
CREATE TABLE points OF point3 (PRIMARY KEY (x, y));
