CREATE FUNCTION is_even(n bigint) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN n % 2 = 0;
CREATE TABLE t (n bigint CHECK (is_even(n)));
