CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL DEFAULT 0);
CREATE VIEW mine WITH (security_barrier = true) AS SELECT id, balance FROM accounts WHERE owner = current_user;
CREATE VIEW others WITH (security_invoker = on) AS SELECT id FROM accounts WHERE owner <> current_user;
