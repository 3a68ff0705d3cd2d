CREATE TYPE floatrange AS RANGE (subtype = float8);
ALTER TYPE floatrange OWNER TO own_alice;
