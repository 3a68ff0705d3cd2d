CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE orders (account_id bigint REFERENCES accounts);
