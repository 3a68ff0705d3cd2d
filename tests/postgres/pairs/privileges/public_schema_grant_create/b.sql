GRANT CREATE ON SCHEMA public TO priv_writer;
