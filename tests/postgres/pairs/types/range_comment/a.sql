CREATE TYPE r AS RANGE (subtype = numeric);
