-- The managed schemas that exist.
SELECT n.nspname AS name,
       -- PostgreSQL's own comment on public is no one's declaration
       CASE WHEN n.nspname = 'public' AND obj_description(n.oid, 'pg_namespace') = 'standard public schema' THEN NULL
            ELSE obj_description(n.oid, 'pg_namespace') END AS comment
FROM pg_namespace n
WHERE n.nspname = ANY(%(schemas)s)
