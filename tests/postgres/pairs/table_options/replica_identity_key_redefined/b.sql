CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, email text NOT NULL,
    CONSTRAINT accounts_natural UNIQUE (region, email));
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_natural;
