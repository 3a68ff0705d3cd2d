CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE readings (id integer PRIMARY KEY, span floatrange);
