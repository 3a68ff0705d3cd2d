CREATE SCHEMA ledger;
CREATE TABLE ledger.entries (id int PRIMARY KEY, account text NOT NULL);
COMMENT ON TABLE ledger.entries IS 'ledger.entries';
CREATE TYPE ledger.source AS ENUM ('ledger.entries', 'manual');
CREATE FUNCTION ledger.first_entry() RETURNS int LANGUAGE sql STABLE
    SET application_name = 'ledger.entries' AS 'SELECT min(id) FROM ledger.entries';
CREATE AGGREGATE ledger.joined(text) (SFUNC = textcat, STYPE = text, INITCOND = 'ledger.entries');
CREATE TABLE ledger.by_account (account text NOT NULL, n int) PARTITION BY LIST (account);
CREATE TABLE ledger.by_account_main PARTITION OF ledger.by_account FOR VALUES IN ('ledger.entries');
CREATE VIEW ledger.labelled AS SELECT id, 'ledger.entries'::text AS origin FROM ledger.entries;
