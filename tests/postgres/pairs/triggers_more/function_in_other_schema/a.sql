CREATE SCHEMA ledger;
CREATE TABLE ledger."Entry Lines" (
    id bigint PRIMARY KEY,
    amount numeric(12, 2) NOT NULL,
    revision integer NOT NULL DEFAULT 1
);
