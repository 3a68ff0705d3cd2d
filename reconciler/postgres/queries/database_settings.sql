-- The database's own settings (ALTER DATABASE ... SET, for every role), as pg_db_role_setting keeps them:
-- `name=value` text entries (database_settings.py).
SELECT s.setconfig
FROM pg_db_role_setting s
WHERE s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()) AND s.setrole = 0
