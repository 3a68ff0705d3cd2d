-- Extensions installed in a managed schema or declared by name (extensions are database-wide), with
-- their version when it is not the default one (what a state file leaves out).
SELECT e.extname AS name, n.nspname AS schema_name,
       CASE WHEN e.extversion IS DISTINCT FROM a.default_version THEN e.extversion END AS version,
       CASE WHEN obj_description(e.oid, 'pg_extension') IS DISTINCT FROM a.comment
            THEN obj_description(e.oid, 'pg_extension') END AS comment,
       a.comment AS default_comment, e.extrelocatable AS relocatable
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_available_extensions a ON a.name = e.extname
WHERE n.nspname = ANY(%(schemas)s) OR e.extname = ANY(%(extensions)s)
ORDER BY e.extname
