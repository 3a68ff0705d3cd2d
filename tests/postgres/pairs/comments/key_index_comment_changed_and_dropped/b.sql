CREATE TABLE accounts (id integer PRIMARY KEY, email text UNIQUE);
COMMENT ON INDEX accounts_pkey IS 'new';
COMMENT ON CONSTRAINT accounts_pkey ON accounts IS 'kept';
