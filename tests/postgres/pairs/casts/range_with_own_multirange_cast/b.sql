CREATE TYPE floatrange AS RANGE (SUBTYPE = double precision);
CREATE CAST (floatrange AS text) WITH INOUT AS ASSIGNMENT;
CREATE TYPE daterange2 AS RANGE (SUBTYPE = date);
CREATE CAST (text AS daterange2) WITH INOUT;
