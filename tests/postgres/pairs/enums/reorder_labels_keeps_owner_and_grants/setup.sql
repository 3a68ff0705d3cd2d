CREATE ROLE priv_owner;
CREATE ROLE priv_reader;
