CREATE TABLE accounts (id text PRIMARY KEY, name text);
CREATE TABLE orders (id integer PRIMARY KEY, account_id text REFERENCES accounts ON DELETE CASCADE);
CREATE TABLE nodes (id text PRIMARY KEY, parent text REFERENCES nodes (id));
CREATE INDEX orders_account ON orders (account_id);
