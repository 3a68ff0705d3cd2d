-- Extensions installed in a managed schema or declared by name (extensions are database-wide), with
-- their version when it is not the default one (what a state file leaves out), the default one, and the versions
-- ALTER EXTENSION ... UPDATE can reach from the installed one (its control and script files say).
SELECT e.extname AS name, n.nspname AS schema_name,
       CASE WHEN e.extversion IS DISTINCT FROM a.default_version THEN e.extversion END AS version,
       a.default_version,
       CASE WHEN a.name IS NOT NULL  -- its control file is there: pg_extension_update_paths reads it
            THEN ARRAY(SELECT u.target FROM pg_extension_update_paths(e.extname) u
                       WHERE u.source = e.extversion AND u.path IS NOT NULL ORDER BY 1) END AS reachable,
       CASE WHEN obj_description(e.oid, 'pg_extension') IS DISTINCT FROM a.comment
            THEN obj_description(e.oid, 'pg_extension') END AS comment,
       a.comment AS default_comment, e.extrelocatable AS relocatable
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_available_extensions a ON a.name = e.extname
WHERE n.nspname = ANY(%(schemas)s) OR e.extname = ANY(%(extensions)s)
ORDER BY e.extname
