-- The managed schemas that exist.
SELECT n.nspname AS name
FROM pg_namespace n
WHERE n.nspname = ANY(%(schemas)s)
