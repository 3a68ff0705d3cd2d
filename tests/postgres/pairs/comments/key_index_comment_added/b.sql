CREATE TABLE accounts (id integer PRIMARY KEY, email text UNIQUE, code text);
COMMENT ON INDEX accounts_pkey IS 'looked up by id';
COMMENT ON INDEX accounts_email_key IS 'login lookups';
COMMENT ON CONSTRAINT accounts_email_key ON accounts IS 'one account per email';
CREATE TABLE teams (id integer, CONSTRAINT teams_key PRIMARY KEY (id) DEFERRABLE);
COMMENT ON INDEX teams_key IS 'deferred key';
