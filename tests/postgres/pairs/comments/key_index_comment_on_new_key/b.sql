CREATE TABLE accounts (id integer NOT NULL, email text, CONSTRAINT accounts_pk PRIMARY KEY (id), CONSTRAINT accounts_email UNIQUE (email));
COMMENT ON INDEX accounts_pk IS 'added with the key';
COMMENT ON INDEX accounts_email IS 'and this one';
