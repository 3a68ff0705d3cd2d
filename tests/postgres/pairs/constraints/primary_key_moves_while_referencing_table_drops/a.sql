-- The key moves to a new column while the only table that referenced the old key goes away:
-- the foreign key's drop raises the key's drop to the DROP TABLE phase, after DROP COLUMN would
-- already have taken the key along.
CREATE TABLE accounts (
    account_no bigint PRIMARY KEY
);
CREATE TABLE invoices (
    account_no bigint NOT NULL REFERENCES accounts (account_no),
    total numeric(12, 2) NOT NULL
);
