-- User-defined operators, with their functions as CREATE OPERATOR names them (regproc prints a function
-- unqualified when the search_path finds it); extension-owned ones are the extension's. Shells (oprcode 0: the
-- empty operator PostgreSQL creates for a commutator or negator named before it exists) are listed apart.
SELECT n.nspname AS schema_name, o.oprname AS name,
       CASE WHEN o.oprleft = 0 THEN NULL ELSE format_type(o.oprleft, NULL) END AS left_type,
       format_type(o.oprright, NULL) AS right_type,
       format_type(o.oprresult, NULL) AS result,
       o.oprcode::regproc::text AS function,
       cn.nspname AS commutator_schema, c.oprname AS commutator,
       nn.nspname AS negator_schema, g.oprname AS negator,
       nullif(o.oprrest, 0)::regproc::text AS restrict,
       nullif(o.oprjoin, 0)::regproc::text AS "join",
       o.oprcanhash AS hashes,
       o.oprcanmerge AS merges,
       obj_description(o.oid, 'pg_operator') AS comment,
       o.oprcode = 0 AS shell
FROM pg_operator o
JOIN pg_namespace n ON n.oid = o.oprnamespace
LEFT JOIN pg_operator c ON c.oid = o.oprcom
LEFT JOIN pg_namespace cn ON cn.oid = c.oprnamespace
LEFT JOIN pg_operator g ON g.oid = o.oprnegate
LEFT JOIN pg_namespace nn ON nn.oid = g.oprnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3, 4
