-- Operator families of the managed schemas made on their own (extension-owned ones are the extension's): every
-- family but those family_members.sql's own_families holds, which operator_classes.sql folds into their class. Its loose members, those bound to no class of it (family_members.sql), in order.
WITH managed AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
),
{{family_members}}
SELECT m.nspname AS schema_name, f.opfname AS name, a.amname AS method,
       (SELECT coalesce(array_agg(x.text ORDER BY x.number, x.lefttype, x.righttype), '{}') FROM family_members x
        WHERE x.family = f.oid AND x.kind = 'operator' AND x.bound_to IS NULL) AS operators,
       (SELECT coalesce(array_agg(x.text ORDER BY x.number, x.lefttype, x.righttype), '{}') FROM family_members x
        WHERE x.family = f.oid AND x.kind = 'function' AND x.bound_to IS NULL) AS functions,
       obj_description(f.oid, 'pg_opfamily') AS comment
FROM pg_opfamily f
JOIN managed m ON m.oid = f.opfnamespace
JOIN pg_am a ON a.oid = f.opfmethod
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_opfamily'::regclass AND e.objid = f.oid AND e.deptype = 'e')
  AND f.oid NOT IN (SELECT oid FROM own_families)
ORDER BY 1, 2, 3
