CREATE TABLE accounts (id integer PRIMARY KEY, owner text);
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
