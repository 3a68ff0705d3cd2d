CREATE TABLE accounts (id int PRIMARY KEY, owner_name text);
CREATE VIEW account_names WITH (check_option = local, security_invoker = true, security_barrier = false)
    AS SELECT id, owner_name FROM accounts;
CREATE VIEW account_ids WITH (security_invoker = on, security_barrier = true) AS SELECT id FROM accounts;
CREATE VIEW account_list WITH (security_invoker = true, security_barrier = true) AS SELECT id FROM accounts;
