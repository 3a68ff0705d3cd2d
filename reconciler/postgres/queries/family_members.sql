-- Not a query: the common table expression `family_members`, which operator_classes.sql and
-- operator_families.sql take in with `{{family_members}}` after their `managed` one (inspector.query): every
-- member of the managed schemas' operator families, written as a state file writes it (operators as regoperator
-- prints them, with FOR ORDER BY and the sort family where they order; support functions with the types they
-- serve, then as regprocedure prints them; names qualified where the search_path does not find them, as pg_dump
-- writes them), with the class it is bound to (NULL: loose in the family, as ALTER OPERATOR FAMILY ... ADD makes
-- it, or as CREATE OPERATOR CLASS leaves what the index method keeps in the family).
family_members AS (
    SELECT o.amopfamily AS family, b.refobjid AS bound_to, 'operator' AS kind,
           o.amopstrategy AS number, o.amoplefttype AS lefttype, o.amoprighttype AS righttype,
           o.amopstrategy || ' ' || o.amopopr::regoperator::text
           || CASE WHEN o.amoppurpose = 'o' THEN ' FOR ORDER BY ' ||
                   CASE WHEN pg_opfamily_is_visible(s.oid) THEN quote_ident(s.opfname)
                        ELSE quote_ident(sn.nspname) || '.' || quote_ident(s.opfname) END
              ELSE '' END AS text
    FROM pg_amop o
    LEFT JOIN pg_opfamily s ON s.oid = o.amopsortfamily LEFT JOIN pg_namespace sn ON sn.oid = s.opfnamespace
    LEFT JOIN pg_depend b ON b.classid = 'pg_amop'::regclass AND b.objid = o.oid
                         AND b.refclassid = 'pg_opclass'::regclass
    WHERE o.amopfamily IN (SELECT f.oid FROM pg_opfamily f JOIN managed m ON m.oid = f.opfnamespace)
  UNION ALL
    SELECT p.amprocfamily, b.refobjid, 'function', p.amprocnum, p.amproclefttype, p.amprocrighttype,
           p.amprocnum || ' (' || format_type(p.amproclefttype, NULL) || ', '
           || format_type(p.amprocrighttype, NULL) || ') ' || p.amproc::regprocedure::text
    FROM pg_amproc p
    LEFT JOIN pg_depend b ON b.classid = 'pg_amproc'::regclass AND b.objid = p.oid
                         AND b.refclassid = 'pg_opclass'::regclass
    WHERE p.amprocfamily IN (SELECT f.oid FROM pg_opfamily f JOIN managed m ON m.oid = f.opfnamespace)
)
