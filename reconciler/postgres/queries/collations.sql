-- Collations made in the managed schemas (libc or icu; extension-owned ones are the extension's).
SELECT n.nspname AS schema_name, l.collname AS name,
       CASE l.collprovider WHEN 'i' THEN 'icu' ELSE 'libc' END AS provider,
       CASE WHEN l.collprovider = 'c' THEN l.collcollate END AS lc_collate,
       CASE WHEN l.collprovider = 'c' THEN l.collctype END AS lc_ctype,
       CASE WHEN l.collprovider = 'i' THEN l.colliculocale END AS locale,
       l.collisdeterministic AS deterministic,
       obj_description(l.oid, 'pg_collation') AS comment
FROM pg_collation l
JOIN pg_namespace n ON n.oid = l.collnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND l.collprovider IN ('c', 'i')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_collation'::regclass AND d.objid = l.oid AND d.deptype = 'e')
ORDER BY 1, 2
