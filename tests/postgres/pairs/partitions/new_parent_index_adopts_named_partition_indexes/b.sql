CREATE TABLE logins (account int NOT NULL, at timestamptz NOT NULL, ip inet) PARTITION BY HASH (account);
CREATE TABLE logins_0 PARTITION OF logins FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE logins_1 PARTITION OF logins FOR VALUES WITH (MODULUS 2, REMAINDER 1);
-- Partition indexes built first under names of their own; the parent's index adopts them.
CREATE INDEX logins_0_by_ip ON logins_0 (ip);
CREATE INDEX logins_1_by_ip ON logins_1 (ip);
CREATE INDEX logins_ip ON logins (ip);
ALTER TABLE logins ADD PRIMARY KEY (account, at);
