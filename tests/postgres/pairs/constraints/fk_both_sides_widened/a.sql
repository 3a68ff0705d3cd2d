CREATE TABLE accounts (id integer PRIMARY KEY);
CREATE TABLE orders (account_id integer REFERENCES accounts);
INSERT INTO accounts VALUES (1);
INSERT INTO orders VALUES (1);
