CREATE TYPE c AS (lo int);
CREATE DOMAIN d AS text CHECK (VALUE <> '');
CREATE TYPE r AS RANGE (subtype = int);
CREATE TABLE u (kc c, kd d, kr r, keep int);
