CREATE TABLE accounts (id integer PRIMARY KEY, active boolean NOT NULL);
CREATE VIEW active_accounts AS SELECT id FROM accounts WHERE active;
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY account_access ON accounts FOR SELECT TO PUBLIC USING (id IN (SELECT id FROM active_accounts));
CREATE TABLE kept (id integer);
