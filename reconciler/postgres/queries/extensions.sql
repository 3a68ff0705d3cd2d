-- Extensions installed in a managed schema or declared by name (extensions are database-wide).
SELECT e.extname AS name, n.nspname AS schema_name
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = ANY(%(schemas)s) OR e.extname = ANY(%(extensions)s)
ORDER BY e.extname
