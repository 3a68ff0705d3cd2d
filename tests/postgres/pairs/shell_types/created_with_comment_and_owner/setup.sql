CREATE ROLE shell_owner;
