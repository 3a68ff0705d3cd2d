CREATE TYPE r AS RANGE (subtype = numeric);
COMMENT ON TYPE r IS 'numeric spans';
