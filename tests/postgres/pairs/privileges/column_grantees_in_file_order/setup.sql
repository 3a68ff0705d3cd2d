CREATE ROLE priv_reader;
CREATE ROLE priv_writer;
CREATE ROLE priv_auditor;
CREATE ROLE priv_app;
CREATE ROLE priv_owner;
