-- Everything in the managed schemas that state files cannot declare, one row per object or attribute.
-- kind: what it is, singular ('policy', 'grant'); name: the object, schema-qualified;
-- detail: what exactly (a partition bound, a privilege list). protects names the model object the
-- row keeps out of drops and redefinitions (kind, schema, relation, member: dependencies.object_id),
-- and effect says how (undeclarable.Effect): 'report' (not in the model at all), 'keep' (declared by
-- export, never dropped for its absence), 'freeze' (declared, never dropped or redefined), 'exclude'
-- (not declared; never dropped, and declaring it is a blocked change). A row with a relation but no
-- protects, or protecting a member, also keeps that table from being dropped (undeclarable.protected).
-- Extension members are the extension's, never reported.
-- A part between `--{ flag` and `--}` is left out where queries/present.sql found none of what it reads
-- (inspector.query): planning the whole query was most of its cost on a small database.
WITH RECURSIVE
managed AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
),
rel AS (
    SELECT c.*, m.nspname,
           quote_ident(m.nspname) || '.' || quote_ident(c.relname) AS qualified
    FROM pg_class c JOIN managed m ON m.oid = c.relnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
),
-- Base types of the managed schemas and their arrays (domains, composite, range and multirange types are
-- declarable; an extension's type, hstore, comes with the declared extension): usually none.
odd_type (oid) AS MATERIALIZED (
    SELECT x.oid
    FROM pg_type t
    CROSS JOIN LATERAL (VALUES (t.oid), (t.typarray)) AS x (oid)
    WHERE t.typtype = 'b' AND t.typcategory <> 'A' AND x.oid <> 0
      AND t.typnamespace IN (SELECT oid FROM managed)
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
),
-- Tables that hold a column of such a type (a partition or child inherits it too). Their columns are read only
-- when there is such a type: reading every column's type cost more than the rest of this query.
odd_table (oid, kind, detail) AS (
    SELECT c.oid, 'table with a column of an undeclarable type',
           string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                      ORDER BY a.attnum)
    FROM rel c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p', 'f')
      AND a.atttypid IN (SELECT oid FROM odd_type)
      AND EXISTS (SELECT 1 FROM odd_type)
    GROUP BY c.oid
),
-- Views and materialized views that read such a table or another such view: the trial schema the plan
-- builds could not hold them.
odd_view (oid, reads) AS (
    -- Walked from the (few, usually no) odd tables through pg_depend's reference index: starting from the
    -- views would scan every managed relation once per rewrite rule in the database (seconds at 1,000 tenants).
    SELECT DISTINCT v.oid, d.refobjid
    FROM odd_table t
    JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid AND d.classid = 'pg_rewrite'::regclass
    JOIN pg_rewrite w ON w.oid = d.objid AND w.rulename = '_RETURN'
    JOIN pg_class v ON v.oid = w.ev_class
    WHERE v.relkind IN ('v', 'm') AND v.relnamespace IN (SELECT oid FROM managed)
      AND NOT EXISTS (SELECT 1 FROM pg_depend e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = v.oid AND e.deptype = 'e')
  UNION
    SELECT v.oid, o.oid
    FROM odd_view o
    JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = o.oid AND d.classid = 'pg_rewrite'::regclass
    JOIN pg_rewrite w ON w.oid = d.objid AND w.rulename = '_RETURN'
    JOIN pg_class v ON v.oid = w.ev_class AND v.oid <> o.oid
    WHERE v.relkind IN ('v', 'm') AND v.relnamespace IN (SELECT oid FROM managed)
      AND NOT EXISTS (SELECT 1 FROM pg_depend e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = v.oid AND e.deptype = 'e')
),
-- Privileges state files cannot declare yet (queries/privileges.sql reads the rest): on base and multirange
-- types. Each ACL is compared with the one the object would have by default.
acl (classid, objid, objsubid, objtype, owner, acl, schema_name, relation, member, protects) AS (
    SELECT 'pg_type'::regclass, t.oid, 0, 'T', t.typowner, t.typacl, m.nspname, t.typname, NULL::text, NULL::text
    FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
    WHERE t.typacl IS NOT NULL AND t.typtype NOT IN ('e', 'd', 'r', 'c')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
),
privilege (classid, objid, objsubid, schema_name, direction, grantee, privileges) AS (
    SELECT a.classid, a.objid, a.objsubid, a.schema_name, e.direction,
           CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(e.grantee) END,
           string_agg(e.privilege_type || CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', '
                      ORDER BY e.privilege_type)
    FROM acl a
    LEFT JOIN pg_init_privs ip ON ip.classoid = a.classid AND ip.objoid = a.objid AND ip.objsubid = a.objsubid
    CROSS JOIN LATERAL (
        (SELECT 'grant' AS direction, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(a.acl) x
         EXCEPT
         SELECT 'grant', x.grantee, x.privilege_type, x.is_grantable
         FROM aclexplode(coalesce(ip.initprivs, acldefault(a.objtype::"char", a.owner))) x)
        UNION ALL
        (SELECT 'revoked default privilege', x.grantee, x.privilege_type, x.is_grantable
         FROM aclexplode(coalesce(ip.initprivs, acldefault(a.objtype::"char", a.owner))) x
         EXCEPT
         SELECT 'revoked default privilege', x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(a.acl) x)
    ) e
    GROUP BY a.classid, a.objid, a.objsubid, a.schema_name, e.direction, e.grantee
),
found (kind, schema_name, name, detail, protects, relation, member, effect) AS (
    -- Attributes of declarable tables: the table is declared, never dropped, and keeps them.
    SELECT a.kind, c.nspname, c.qualified, a.detail, 'table', c.relname, NULL, 'keep'
    FROM rel c
    CROSS JOIN LATERAL (VALUES
        ('table in a tablespace', (SELECT s.spcname::text FROM pg_tablespace s WHERE s.oid = c.reltablespace),
         c.reltablespace <> 0)
    ) AS a (kind, detail, applies)
    WHERE c.relkind IN ('r', 'p') AND a.applies
  --{ base_types
  UNION ALL
    -- Tables with a column of a base type of the managed schemas (and their partitions and inheritance children).
    SELECT o.kind, c.nspname, c.qualified, o.detail, 'table', c.relname, NULL, 'exclude'
    FROM odd_table o JOIN rel c ON c.oid = o.oid
  UNION ALL
    SELECT CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END || ' reading an undeclarable table',
           v.nspname, v.qualified, string_agg(r.oid::regclass::text, ', '),
           CASE v.relkind WHEN 'm' THEN 'matview' ELSE 'view' END, v.relname, NULL, 'exclude'
    FROM odd_view o JOIN rel v ON v.oid = o.oid JOIN pg_class r ON r.oid = o.reads
    GROUP BY v.nspname, v.qualified, v.relname, v.relkind
  UNION ALL
    -- A sequence a serial column of such a table owns goes with the table.
    SELECT 'sequence of an undeclarable table', s.nspname, s.qualified,
           'owned by ' || t.oid::regclass::text || '.' || quote_ident(a.attname), 'sequence', s.relname, NULL,
           'exclude'
    FROM rel s
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass
                    AND d.deptype = 'a'
    JOIN pg_class t ON t.oid = d.refobjid AND t.oid IN (SELECT oid FROM odd_table)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S'
  UNION ALL
    -- A key of a declarable table that references one.
    SELECT 'foreign key to an undeclarable table', c.nspname, c.qualified || ': ' || quote_ident(k.conname),
           pg_get_constraintdef(k.oid), 'constraint', c.relname, k.conname, 'exclude'
    FROM pg_constraint k JOIN rel c ON c.oid = k.conrelid
    WHERE k.contype = 'f' AND k.confrelid IN (SELECT oid FROM odd_table) AND k.conrelid NOT IN (SELECT oid FROM odd_table)
  UNION ALL
    -- A rule of a declarable table or view whose commands name such a table or view.
    SELECT 'rule reading an undeclarable table', c.nspname, c.qualified || ': ' || quote_ident(r.rulename),
           string_agg(DISTINCT d.refobjid::regclass::text, ', '), 'rule', c.relname, r.rulename, 'exclude'
    FROM pg_rewrite r
    JOIN rel c ON c.oid = r.ev_class
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
    WHERE r.rulename <> '_RETURN' AND c.relkind IN ('r', 'p', 'v')
      AND (d.refobjid IN (SELECT oid FROM odd_table) OR d.refobjid IN (SELECT oid FROM odd_view))
      AND c.oid NOT IN (SELECT oid FROM odd_table) AND c.oid NOT IN (SELECT oid FROM odd_view)
    GROUP BY c.nspname, c.qualified, c.relname, r.rulename
  UNION ALL
    -- Policies of tables state files cannot declare (the others are declared with their table).
    SELECT 'policy', c.nspname, c.qualified || ': ' || quote_ident(p.polname),
           CASE WHEN p.polpermissive THEN '' ELSE 'AS RESTRICTIVE ' END
           || 'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
           || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
           || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),
           NULL, c.relname, NULL, 'report'
    FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
    WHERE c.oid IN (SELECT oid FROM odd_table)
  --}
  --{ materialized_views
  UNION ALL
    -- A materialized view in a tablespace: declared without it, never redefined.
    SELECT 'materialized view in a tablespace', c.nspname, c.qualified,
           (SELECT s.spcname::text FROM pg_tablespace s WHERE s.oid = c.reltablespace), 'matview', c.relname, NULL,
           'freeze'
    FROM rel c WHERE c.relkind = 'm' AND c.reltablespace <> 0
  --}
  --{ rules
  UNION ALL
    -- Rules of tables and views state files cannot declare (the others are declared with their relation).
    SELECT 'rule', c.nspname, c.qualified || ': ' || quote_ident(r.rulename), NULL, NULL, c.relname, NULL, 'report'
    FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class
    WHERE r.rulename <> '_RETURN'
      AND (c.relkind NOT IN ('r', 'p', 'v')
           --{ base_types
           OR c.oid IN (SELECT oid FROM odd_table) OR c.oid IN (SELECT oid FROM odd_view)
           --}
          )
  --}
  UNION ALL
    -- Indexes in a tablespace (storage parameters are declared with `with`, on materialized views' indexes too).
    SELECT 'index in a tablespace',
           c.nspname, quote_ident(c.nspname) || '.' || quote_ident(i.relname),
           (SELECT s.spcname::text FROM pg_tablespace s WHERE s.oid = i.reltablespace),
           CASE WHEN k.oid IS NULL THEN 'index' ELSE 'constraint' END, c.relname, coalesce(k.conname, i.relname),
           'exclude'
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN rel c ON c.oid = x.indrelid
    LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
    WHERE i.reltablespace <> 0
      AND c.relkind IN ('r', 'p', 'm')
      --{ base_types
      AND c.oid NOT IN (SELECT oid FROM odd_table)
      --}
  --{ base_types
  UNION ALL
    -- Base types state files cannot declare (domains, enum, composite and range types, the row types of relations
    -- and arrays are declared).
    SELECT 'base type', m.nspname, quote_ident(m.nspname) || '.' || quote_ident(t.typname), NULL, NULL, NULL, NULL,
           'report'
    FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
    WHERE t.typtype = 'b' AND t.typcategory <> 'A'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
  --}
  --{ index_access_methods
  UNION ALL
    -- Index access methods users made by hand (database-wide; table ones are declared, queries/access_methods.sql):
    -- an index needs a handler written in C for its method, which an extension brings with the method itself.
    SELECT 'index access method', NULL, quote_ident(a.amname),
           'handler ' || quote_ident(hn.nspname) || '.' || quote_ident(h.proname), NULL, NULL, NULL, 'report'
    FROM pg_am a JOIN pg_proc h ON h.oid = a.amhandler JOIN pg_namespace hn ON hn.oid = h.pronamespace
    WHERE a.amtype = 'i' AND a.oid >= 16384
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_am'::regclass AND d.objid = a.oid AND d.deptype = 'e')
  --}
  --{ operator_classes
  UNION ALL
    -- An operator class in a family of another schema than its own (operator_classes.py): it stays out of the
    -- model. A family made on its own in a managed schema is declared (operator_families.sql).
    SELECT 'operator class in a family of another schema', m.nspname,
           quote_ident(m.nspname) || '.' || quote_ident(c.opcname) || ' USING ' || quote_ident(a.amname),
           'family ' || quote_ident(fn.nspname) || '.' || quote_ident(f.opfname), NULL, NULL, NULL, 'report'
    FROM pg_opclass c JOIN managed m ON m.oid = c.opcnamespace JOIN pg_am a ON a.oid = c.opcmethod
    JOIN pg_opfamily f ON f.oid = c.opcfamily JOIN pg_namespace fn ON fn.oid = f.opfnamespace
    WHERE f.opfnamespace <> c.opcnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_opclass'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  --}
  --{ conversions
  UNION ALL
    -- Encoding conversions (CREATE CONVERSION): state files cannot declare them.
    SELECT 'conversion', m.nspname, quote_ident(m.nspname) || '.' || quote_ident(v.conname),
           pg_encoding_to_char(v.conforencoding) || ' to ' || pg_encoding_to_char(v.contoencoding), NULL, NULL, NULL,
           'report'
    FROM pg_conversion v JOIN managed m ON m.oid = v.connamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_conversion'::regclass AND d.objid = v.oid AND d.deptype = 'e')
  --}
  --{ transforms
  UNION ALL
    -- Transforms (CREATE TRANSFORM, database-wide): state files cannot declare them; an extension's come with it.
    SELECT 'transform', NULL, 'FOR ' || format_type(x.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname),
           NULL, NULL, NULL, NULL, 'report'
    FROM pg_transform x JOIN pg_language l ON l.oid = x.trflang
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_transform'::regclass AND d.objid = x.oid AND d.deptype = 'e')
  --}
  --{ collations
  UNION ALL
    -- Collations of another provider than libc and icu (PostgreSQL's own 'default' kind).
    SELECT 'collation', m.nspname, quote_ident(m.nspname) || '.' || quote_ident(l.collname), NULL, NULL, NULL, NULL,
           'report'
    FROM pg_collation l JOIN managed m ON m.oid = l.collnamespace
    WHERE l.collprovider NOT IN ('c', 'i')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_collation'::regclass AND d.objid = l.oid AND d.deptype = 'e')
  --}
  UNION ALL
    -- A statistics object kept in a managed schema on a relation of another schema, or on a managed relation but
    -- kept in a schema that is not managed (the others are declared with their relation, statistics.sql).
    SELECT 'statistics object', n.nspname, quote_ident(n.nspname) || '.' || quote_ident(s.stxname),
           'on ' || s.stxrelid::regclass::text, NULL, NULL, NULL, 'report'
    FROM pg_statistic_ext s
    JOIN pg_class c ON c.oid = s.stxrelid
    JOIN pg_namespace n ON n.oid = s.stxnamespace
    WHERE (s.stxnamespace IN (SELECT oid FROM managed)) <> (c.relnamespace IN (SELECT oid FROM managed))
  UNION ALL
    -- Comments state files do not carry (tables, columns, views, materialized views and their columns, schemas, functions,
    -- sequences and identity sequences, enums, composite types and their attributes, table and domain constraints,
    -- indexes and constraints' indexes, triggers and rules carry theirs).
    SELECT 'comment', coalesce(o.schema, o.identity), o.type || ' ' || o.identity, dsc.description,
           NULL, NULL, NULL, 'report'
    FROM pg_description dsc
    CROSS JOIN LATERAL pg_identify_object(dsc.classoid, dsc.objoid, dsc.objsubid) o
    WHERE CASE dsc.classoid
            WHEN 'pg_class'::regclass THEN (
                SELECT c.relkind NOT IN ('r', 'p', 'f', 'v', 'm', 'i', 'S', 'c')
                       --{ base_types
                       OR c.oid IN (SELECT oid FROM odd_table)
                       -- an index on a table the format cannot declare
                       OR (c.relkind = 'i' AND EXISTS (SELECT 1 FROM pg_index x
                                                       WHERE x.indexrelid = c.oid
                                                         AND x.indrelid IN (SELECT oid FROM odd_table)))
                       --}
                FROM rel c WHERE c.oid = dsc.objoid)
            WHEN 'pg_proc'::regclass THEN EXISTS (SELECT 1 FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
                                                  WHERE p.oid = dsc.objoid AND p.prokind NOT IN ('f', 'p', 'a', 'w'))
            WHEN 'pg_type'::regclass THEN EXISTS (SELECT 1 FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
                                                  LEFT JOIN pg_class k ON k.oid = t.typrelid
                                                  WHERE t.oid = dsc.objoid
                                                    -- declared types carry their comments (shell types too)
                                                    AND t.typtype NOT IN ('d', 'r', 'e', 'p')
                                                    AND k.relkind IS DISTINCT FROM 'c')
            --{ base_types
            WHEN 'pg_constraint'::regclass THEN EXISTS (SELECT 1 FROM pg_constraint k
                                                        JOIN managed m ON m.oid = k.connamespace
                                                        WHERE k.oid = dsc.objoid
                                                          AND k.conrelid IN (SELECT oid FROM odd_table))
            --}
            WHEN 'pg_rewrite'::regclass THEN EXISTS (SELECT 1 FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class
                                                     WHERE r.oid = dsc.objoid
                                                       AND (r.rulename = '_RETURN'
                                                            --{ base_types
                                                            OR c.oid IN (SELECT oid FROM odd_table)
                                                            OR c.oid IN (SELECT oid FROM odd_view)
                                                            --}
                                                            OR c.relkind NOT IN ('r', 'p', 'v')))
            --{ base_types
            WHEN 'pg_policy'::regclass THEN EXISTS (SELECT 1 FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
                                                    WHERE p.oid = dsc.objoid AND c.oid IN (SELECT oid FROM odd_table))
            --}
            WHEN 'pg_collation'::regclass THEN EXISTS (SELECT 1 FROM pg_collation l
                                                       JOIN managed m ON m.oid = l.collnamespace
                                                       WHERE l.oid = dsc.objoid AND l.collprovider NOT IN ('c', 'i'))
            ELSE false END
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = dsc.classoid AND d.objid = dsc.objoid AND d.deptype = 'e')
  --{ type_privileges
  UNION ALL
    SELECT p.direction, p.schema_name, o.type || ' ' || o.identity,
           p.privileges || CASE p.direction WHEN 'grant' THEN ' to ' ELSE ' from ' END || p.grantee,
           NULL, NULL, NULL, 'report'
    FROM privilege p CROSS JOIN LATERAL pg_identify_object(p.classid, p.objid, p.objsubid) o
  --}
  --{ base_types
  UNION ALL
    -- Owners of kinds state files cannot declare (base types): queries/owners.sql reads the rest.
    SELECT 'owner', o.schema_name, i.type || ' ' || i.identity, 'owned by ' || pg_get_userbyid(o.owner),
           NULL, NULL, NULL, 'report'
    FROM (
        SELECT 'pg_type'::regclass AS classid, t.oid, m.nspname AS schema_name, t.typowner AS owner
        FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
        WHERE t.typtype = 'b' AND t.typcategory <> 'A'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
    ) o
    CROSS JOIN LATERAL pg_identify_object(o.classid, o.oid, 0) i
    WHERE o.owner <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
  --}
)
SELECT kind, schema_name, name, detail, protects, relation, member, effect
FROM found
ORDER BY kind, name, detail
