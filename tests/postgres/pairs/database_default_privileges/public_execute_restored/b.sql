-- The row goes; the function made under it keeps its own ACL (no PUBLIC), declared on it.
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql RETURN 42;
REVOKE EXECUTE ON FUNCTION answer() FROM PUBLIC;
CREATE FUNCTION later() RETURNS integer LANGUAGE sql RETURN 1;
