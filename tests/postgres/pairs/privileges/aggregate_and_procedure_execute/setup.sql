CREATE ROLE priv_reader;
CREATE ROLE priv_app;
