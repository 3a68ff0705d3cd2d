-- CREATE VIEW ... WITH (...) keeps the options in the order written, and pg_dump prints them so: the view
-- is created, and its changed options set, in the file's order.
CREATE TABLE accounts (id int PRIMARY KEY, owner_name text);
CREATE VIEW account_names WITH (security_barrier = true) AS SELECT id, owner_name FROM accounts;
CREATE VIEW account_ids WITH (security_barrier = true) AS SELECT id FROM accounts;
