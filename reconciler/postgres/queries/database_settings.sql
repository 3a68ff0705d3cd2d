-- The database's own settings (ALTER DATABASE ... SET, for every role: `role` NULL) and its settings of single
-- roles (ALTER ROLE ... IN DATABASE ... SET), as pg_db_role_setting keeps them: `name=value` text entries
-- (database_settings.py).
SELECT (SELECT r.rolname FROM pg_roles r WHERE r.oid = s.setrole) AS role, s.setconfig
FROM pg_db_role_setting s
WHERE s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
ORDER BY 1
