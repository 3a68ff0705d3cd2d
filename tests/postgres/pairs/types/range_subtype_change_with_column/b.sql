CREATE TYPE span AS RANGE (subtype = bigint);
CREATE TABLE bookings (id integer PRIMARY KEY, s span CHECK (NOT isempty(s)));
