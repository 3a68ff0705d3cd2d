CREATE TABLE accounts (region text NOT NULL, id integer NOT NULL) PARTITION BY LIST (region);
CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
ALTER TABLE accounts_eu ADD PRIMARY KEY (id);
CREATE TABLE payments (region text NOT NULL, account_id integer) PARTITION BY LIST (region);
CREATE TABLE payments_eu PARTITION OF payments FOR VALUES IN ('eu');
ALTER TABLE payments_eu ADD FOREIGN KEY (account_id) REFERENCES accounts_eu (id);
CREATE TABLE kept (id integer);
