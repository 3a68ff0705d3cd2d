CREATE TABLE accounts (
    account_id bigint PRIMARY KEY,
    label text
);
