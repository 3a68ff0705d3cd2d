-- The range type's constructors (internal to it) take the row in force; they are the type's, not declared.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE TYPE span AS RANGE (subtype = integer);
CREATE TYPE other_span AS RANGE (subtype = numeric);
