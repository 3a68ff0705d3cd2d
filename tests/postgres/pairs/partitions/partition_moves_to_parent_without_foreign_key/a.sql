CREATE TABLE accounts (id int PRIMARY KEY);
CREATE TABLE events (account_id int REFERENCES accounts (id), at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE archived_events (account_id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
