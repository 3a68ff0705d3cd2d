CREATE FUNCTION is_even(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n % 2 = 0 $$;
CREATE DOMAIN even AS integer CHECK (is_even(VALUE));
CREATE TABLE pairs (n even);
