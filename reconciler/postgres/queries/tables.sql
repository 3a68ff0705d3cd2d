-- Ordinary and partitioned tables with their comments and row level security flags.
SELECT n.nspname AS schema_name, c.relname AS name,
       obj_description(c.oid, 'pg_class') AS comment,
       coalesce(c.reloptions, '{}')
       || coalesce((SELECT array_agg('toast.' || o) FROM pg_class tc, unnest(tc.reloptions) o
                    WHERE tc.oid = c.reltoastrelid), '{}') AS options,
       c.relpersistence = 'u' AS unlogged,
       CASE c.relreplident WHEN 'f' THEN 'full' WHEN 'n' THEN 'nothing' WHEN 'd' THEN 'default'
            ELSE coalesce((SELECT 'index ' || i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                           WHERE x.indrelid = c.oid AND x.indisreplident), 'nothing') END AS replica_identity,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
