CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TYPE dims AS (w positive, h positive);
CREATE TYPE box_t AS (name text, size dims);
CREATE TABLE boxes (b box_t);
