CREATE TABLE accounts (id integer PRIMARY KEY, name text);
CREATE TABLE orders (id integer PRIMARY KEY, account_id integer REFERENCES accounts ON DELETE CASCADE);
CREATE TABLE nodes (id integer PRIMARY KEY, parent integer REFERENCES nodes (id));
CREATE INDEX orders_account ON orders (account_id);
INSERT INTO accounts VALUES (1, 'a');
INSERT INTO orders VALUES (10, 1);
INSERT INTO nodes VALUES (1, NULL), (2, 1);
