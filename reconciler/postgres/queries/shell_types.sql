-- Shell types (CREATE TYPE name: a pseudo-type not yet defined) and their comments; extension-owned types are
-- not the user's.
SELECT n.nspname AS schema_name, t.typname AS name, obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s) AND t.typtype = 'p' AND NOT t.typisdefined
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2
