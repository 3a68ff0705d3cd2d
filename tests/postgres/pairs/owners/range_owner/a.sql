CREATE TYPE floatrange AS RANGE (subtype = float8);
