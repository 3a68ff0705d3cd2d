CREATE SCHEMA ledger;
CREATE TABLE ledger.entries (id int PRIMARY KEY, account text NOT NULL);
