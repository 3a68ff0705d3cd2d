CREATE ROLE replication_admin;
