-- Ordinary and partitioned tables with their comments and row level security flags.
SELECT n.nspname AS schema_name, c.relname AS name,
       obj_description(c.oid, 'pg_class') AS comment,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
