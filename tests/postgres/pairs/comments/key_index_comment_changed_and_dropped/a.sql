CREATE TABLE accounts (id integer PRIMARY KEY, email text UNIQUE);
COMMENT ON INDEX accounts_pkey IS 'old';
COMMENT ON INDEX accounts_email_key IS 'goes away';
COMMENT ON CONSTRAINT accounts_pkey ON accounts IS 'kept';
