-- A range type made under the built-in default: its constructors are PUBLIC's to run.
CREATE TYPE span AS RANGE (subtype = integer);
