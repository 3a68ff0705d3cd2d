CREATE TYPE timerange AS RANGE (subtype = time);
CREATE TABLE shifts (id integer PRIMARY KEY, hours timerange NOT NULL, breaks timerange[]);
