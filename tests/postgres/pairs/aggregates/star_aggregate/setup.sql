CREATE ROLE priv_reader;
