CREATE TABLE anchor (id integer);
CREATE TYPE floatrange AS RANGE (subtype = float8);
