CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric(12, 2) NOT NULL DEFAULT 0);
