CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
CREATE VIEW positive AS SELECT * FROM accounts WHERE balance >= 0 WITH CHECK OPTION;
