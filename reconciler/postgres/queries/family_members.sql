-- Not a query: the common table expressions `own_families` and `family_members`, which operator_classes.sql,
-- operator_families.sql and dependencies.sql take in with `{{family_members}}` after their `managed` one
-- (inspector.query).
--
-- `own_families`: the operator families of the managed schemas that an operator class of the same name and schema
-- holds alone, as CREATE OPERATOR CLASS without FAMILY makes them: such a family is the class's (its members and
-- comment are read as the class's, operator_classes.py); every other one is made on its own (operator_families.py).
--
-- `family_members`: every member of those schemas' operator families (its catalog row, `classid` and `oid`),
-- written as a state file writes it (operators as regoperator prints them, with FOR ORDER BY and the sort family
-- where they order; support functions with the types they serve, then as regprocedure prints them; names
-- qualified where the search_path does not find them, as pg_dump writes them), with the class it is bound to
-- (NULL: loose in the family, as ALTER OPERATOR FAMILY ... ADD makes it, or as CREATE OPERATOR CLASS leaves what
-- the index method keeps in the family).
own_families AS (
    SELECT f.oid
    FROM pg_opfamily f JOIN pg_opclass c ON c.opcfamily = f.oid
    WHERE f.opfnamespace IN (SELECT oid FROM managed)
    GROUP BY f.oid, f.opfname, f.opfnamespace
    HAVING count(*) = 1 AND bool_and(c.opcname = f.opfname AND c.opcnamespace = f.opfnamespace)
),
family_members AS (
    SELECT 'pg_amop'::regclass AS classid, o.oid, o.amopfamily AS family, b.refobjid AS bound_to, 'operator' AS kind,
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
    WHERE o.amopfamily IN (SELECT f.oid FROM pg_opfamily f WHERE f.opfnamespace IN (SELECT oid FROM managed))
  UNION ALL
    SELECT 'pg_amproc'::regclass, p.oid, p.amprocfamily, b.refobjid, 'function', p.amprocnum, p.amproclefttype, p.amprocrighttype,
           p.amprocnum || ' (' || format_type(p.amproclefttype, NULL) || ', '
           || format_type(p.amprocrighttype, NULL) || ') ' || p.amproc::regprocedure::text
    FROM pg_amproc p
    LEFT JOIN pg_depend b ON b.classid = 'pg_amproc'::regclass AND b.objid = p.oid
                         AND b.refclassid = 'pg_opclass'::regclass
    WHERE p.amprocfamily IN (SELECT f.oid FROM pg_opfamily f WHERE f.opfnamespace IN (SELECT oid FROM managed))
)
