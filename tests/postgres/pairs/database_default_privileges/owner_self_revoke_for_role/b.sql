-- The role gives up its own privileges on what it creates (only a database-wide row can say so).
ALTER DEFAULT PRIVILEGES FOR ROLE ddp_owner REVOKE ALL ON TABLES FROM ddp_owner;
ALTER DEFAULT PRIVILEGES FOR ROLE ddp_owner GRANT SELECT ON TABLES TO ddp_reader;
