CREATE FUNCTION legacy_rate() RETURNS numeric LANGUAGE sql IMMUTABLE RETURN 0.07;
CREATE FUNCTION tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN amount * legacy_rate();
