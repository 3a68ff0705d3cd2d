-- A CHECK calling a function whose argument type changes with the column it checks.
CREATE FUNCTION is_even(n int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN n % 2 = 0;
CREATE TABLE t (n int CHECK (is_even(n)));
