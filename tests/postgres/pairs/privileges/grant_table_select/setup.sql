CREATE ROLE priv_reader;
CREATE ROLE priv_writer;
