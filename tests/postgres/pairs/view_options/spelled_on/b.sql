-- reloptions keep a boolean as written: pg_dump prints security_barrier='on', and so must the plan's view.
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL DEFAULT 0);
CREATE VIEW mine WITH (security_barrier = on, security_invoker = 'yes') AS
    SELECT id, balance FROM accounts WHERE owner = current_user;
CREATE VIEW others WITH (security_barrier = off) AS SELECT id FROM accounts WHERE owner <> current_user;
