CREATE TYPE span AS RANGE (subtype = integer);
CREATE TABLE bookings (id integer PRIMARY KEY, s span CHECK (NOT isempty(s)));
