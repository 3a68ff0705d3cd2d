CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric(12, 2) NOT NULL DEFAULT 0);
CREATE FUNCTION with_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN round(amount * (1 + rate), 2);
