CREATE TABLE accounts (id bigint NOT NULL, region text NOT NULL, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint, region text, FOREIGN KEY (account_id, region) REFERENCES accounts (id, region) ON DELETE CASCADE);
