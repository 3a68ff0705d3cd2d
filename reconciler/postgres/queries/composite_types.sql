-- Composite types made by CREATE TYPE ... AS (not the row types of tables and views), with their
-- attributes in order; extension-owned ones are not the user's.
SELECT n.nspname AS schema_name, t.typname AS name,
       coalesce((SELECT json_agg(json_build_object(
                         'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                         'collation', CASE WHEN a.attcollation <> at.typcollation THEN a.attcollation::regcollation::text END,
                         'comment', col_description(t.typrelid, a.attnum))
                         ORDER BY a.attnum)
                 FROM pg_attribute a
                 JOIN pg_type at ON at.oid = a.atttypid
                 WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS attributes,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2
