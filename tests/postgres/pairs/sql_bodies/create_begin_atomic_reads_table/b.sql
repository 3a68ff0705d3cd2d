CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric(12, 2) NOT NULL DEFAULT 0);
CREATE FUNCTION total_balance() RETURNS numeric
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT coalesce(sum(balance), 0) FROM accounts;
END;
