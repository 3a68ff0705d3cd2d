CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
CREATE VIEW a1 AS SELECT * FROM accounts;
CREATE VIEW a2 AS SELECT * FROM a1 WHERE balance > 0;
