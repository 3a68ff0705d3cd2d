CREATE TABLE accounts (id integer PRIMARY KEY, owner text);
