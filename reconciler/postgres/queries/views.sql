-- Plain views with their normalized definitions, comments and column defaults.
SELECT n.nspname AS schema_name, c.relname AS name,
       pg_get_viewdef(c.oid, true) AS definition,
       obj_description(c.oid, 'pg_class') AS comment,
       coalesce(c.reloptions, '{}') AS options,
       coalesce((SELECT jsonb_object_agg(a.attname, d.description ORDER BY a.attnum)
                 FROM pg_description d JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
                 WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid > 0),
                '{}') AS column_comments,
       coalesce((SELECT jsonb_object_agg(a.attname, pg_get_expr(d.adbin, d.adrelid) ORDER BY a.attnum)
                 FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                 WHERE d.adrelid = c.oid),
                '{}') AS column_defaults
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'v'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
