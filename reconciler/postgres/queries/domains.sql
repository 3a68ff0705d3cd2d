-- Domains, with their base type, default, NOT NULL, collation (when not the base type's) and check
-- constraints by name; extension-owned ones are not the user's.
SELECT n.nspname AS schema_name, t.typname AS name,
       format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull AS not_null,
       pg_get_expr(t.typdefaultbin, 0) AS "default",
       CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation::regcollation::text END AS collation,
       coalesce((SELECT json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid),
                                                   'comment', ds.description)
                                 ORDER BY k.oid)
                 FROM pg_constraint k
                 LEFT JOIN pg_description ds
                   ON ds.objoid = k.oid AND ds.classoid = 'pg_constraint'::regclass AND ds.objsubid = 0
                 WHERE k.contypid = t.oid AND k.contype = 'c'), '[]') AS checks,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type b ON b.oid = t.typbasetype
WHERE t.typtype = 'd'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2
