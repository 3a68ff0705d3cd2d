CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
CREATE VIEW mine WITH (security_barrier = true) AS SELECT * FROM accounts WHERE owner = current_user;
