CREATE FUNCTION tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN amount * 0.08;
