CREATE TABLE accounts (id integer PRIMARY KEY, owner text);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
