-- Range types: subtype, its operator class when not the default one, collation when not the subtype's,
-- canonical and subtype_diff functions, and the multirange type's name; extension-owned ones are skipped.
SELECT n.nspname AS schema_name, t.typname AS name,
       format_type(r.rngsubtype, NULL) AS subtype,
       CASE WHEN NOT o.opcdefault THEN
                CASE WHEN o.opcnamespace = 'pg_catalog'::regnamespace THEN quote_ident(o.opcname)
                     ELSE quote_ident(on_.nspname) || '.' || quote_ident(o.opcname) END END AS subtype_opclass,
       CASE WHEN r.rngcollation <> s.typcollation THEN r.rngcollation::regcollation::text END AS collation,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,
       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,
       m.typname AS multirange,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_range r
JOIN pg_type t ON t.oid = r.rngtypid
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type s ON s.oid = r.rngsubtype
JOIN pg_opclass o ON o.oid = r.rngsubopc
JOIN pg_namespace on_ ON on_.oid = o.opcnamespace
LEFT JOIN pg_type m ON m.oid = r.rngmultitypid
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2
