-- Operator families of the managed schemas made on their own (extension-owned ones are the extension's): every
-- family but the one an operator class of the same name and schema holds alone, which operator_classes.sql
-- folds into that class. Its loose members, those bound to no class of it (ALTER OPERATOR FAMILY ... ADD, or a
-- class's members the index method keeps in the family, such as a B-tree class's cross-type operators), are
-- written as operator_classes.sql writes a class's.
WITH managed AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
)
SELECT m.nspname AS schema_name, f.opfname AS name, a.amname AS method,
       (SELECT coalesce(array_agg(o.amopstrategy || ' ' || o.amopopr::regoperator::text
                                  || CASE WHEN o.amoppurpose = 'o' THEN ' FOR ORDER BY ' ||
                                         CASE WHEN pg_opfamily_is_visible(s.oid) THEN quote_ident(s.opfname)
                                              ELSE quote_ident(sn.nspname) || '.' || quote_ident(s.opfname) END
                                     ELSE '' END
                                  ORDER BY o.amopstrategy, o.amoplefttype, o.amoprighttype), '{}')
        FROM pg_amop o
        LEFT JOIN pg_opfamily s ON s.oid = o.amopsortfamily LEFT JOIN pg_namespace sn ON sn.oid = s.opfnamespace
        WHERE o.amopfamily = f.oid
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_amop'::regclass AND d.objid = o.oid
                                                      AND d.refclassid = 'pg_opclass'::regclass)) AS operators,
       (SELECT coalesce(array_agg(p.amprocnum || ' (' || format_type(p.amproclefttype, NULL) || ', '
                                  || format_type(p.amprocrighttype, NULL) || ') ' || p.amproc::regprocedure::text
                                  ORDER BY p.amprocnum, p.amproclefttype, p.amprocrighttype), '{}')
        FROM pg_amproc p
        WHERE p.amprocfamily = f.oid
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_amproc'::regclass AND d.objid = p.oid
                                                      AND d.refclassid = 'pg_opclass'::regclass)) AS functions,
       obj_description(f.oid, 'pg_opfamily') AS comment
FROM pg_opfamily f
JOIN managed m ON m.oid = f.opfnamespace
JOIN pg_am a ON a.oid = f.opfmethod
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_opfamily'::regclass AND e.objid = f.oid AND e.deptype = 'e')
  AND NOT ((SELECT count(*) FROM pg_opclass c WHERE c.opcfamily = f.oid) = 1
           AND EXISTS (SELECT 1 FROM pg_opclass c WHERE c.opcfamily = f.oid AND c.opcname = f.opfname
                                                  AND c.opcnamespace = f.opfnamespace))
ORDER BY 1, 2, 3
