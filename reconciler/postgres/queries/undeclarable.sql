-- Everything in the managed schemas that state files cannot declare, one row per object or attribute.
-- kind: what it is, singular ('partition', 'policy', 'grant'); name: the object, schema-qualified;
-- detail: what exactly (a partition bound, a privilege list). protects names the model object the
-- row keeps out of drops and redefinitions (kind, schema, relation, member: dependencies.object_id),
-- and effect says how (undeclarable.Effect): 'report' (not in the model at all), 'keep' (declared by
-- export, never dropped for its absence), 'freeze' (declared, never dropped or redefined), 'exclude'
-- (not declared; never dropped, and declaring it is a blocked change). A row with a relation but no
-- protects, or protecting a member, also keeps that table from being dropped (undeclarable.protected).
-- Extension members are the extension's, never reported.
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
-- Tables that are not plain tables, or hold a column of a type state files cannot create.
odd_table (oid, kind, detail) AS (
    SELECT c.oid,
           CASE WHEN c.relispartition THEN 'partition'
                WHEN c.relkind = 'p' THEN 'partitioned table'
                ELSE 'inheritance child' END,
           CASE WHEN c.relispartition
                THEN 'of ' || (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid)
                     || ' ' || pg_get_expr(c.relpartbound, c.oid)
                WHEN c.relkind = 'p' THEN 'PARTITION BY ' || pg_get_partkeydef(c.oid)
                ELSE 'INHERITS (' || (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno)
                                      FROM pg_inherits i WHERE i.inhrelid = c.oid) || ')' END
    FROM rel c
    WHERE c.relkind IN ('r', 'p')
      AND (c.relkind = 'p' OR c.relispartition OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid))
  UNION ALL
    SELECT c.oid, 'table with a column of an undeclarable type',
           string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                      ORDER BY a.attnum)
    FROM rel c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t0 ON t0.oid = a.atttypid
    JOIN pg_type t ON t.oid = CASE WHEN t0.typcategory = 'A' THEN t0.typelem ELSE t0.oid END
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relkind <> 'p'
      AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
      AND (t.typtype IN ('d', 'r', 'm') OR (t.typtype = 'c' AND t.typrelid <> 0
                                            AND (SELECT k.relkind FROM pg_class k WHERE k.oid = t.typrelid) = 'c'))
      AND t.typnamespace IN (SELECT oid FROM managed)
    GROUP BY c.oid
),
-- Views and materialized views that read such a table or another such view: the trial schema the plan
-- builds could not hold them.
odd_view (oid, reads) AS (
    SELECT DISTINCT v.oid, d.refobjid
    FROM rel v
    JOIN pg_rewrite w ON w.ev_class = v.oid
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass
    WHERE v.relkind IN ('v', 'm') AND d.refobjid IN (SELECT oid FROM odd_table)
  UNION
    SELECT v.oid, o.oid
    FROM rel v
    JOIN pg_rewrite w ON w.ev_class = v.oid
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass
    JOIN odd_view o ON o.oid = d.refobjid AND o.oid <> v.oid
    WHERE v.relkind IN ('v', 'm')
),
-- Privileges: each object's ACL against the one it would have by default (its initial one, for objects
-- initdb made, such as the public schema).
acl (classid, objid, objsubid, objtype, owner, acl, schema_name, relation, member, protects) AS (
    SELECT 'pg_namespace'::regclass, n.oid, 0, 'n', n.nspowner, n.nspacl, n.nspname, NULL::text, NULL::text,
           NULL::text
    FROM pg_namespace n JOIN managed m ON m.oid = n.oid
    WHERE n.nspacl IS NOT NULL
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid, 0, CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END, c.relowner, c.relacl,
           c.nspname, c.relname, NULL, NULL
    FROM rel c WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid, a.attnum, 'c', c.relowner, a.attacl, c.nspname, c.relname, a.attname, NULL
    FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, 'f', p.proowner, p.proacl, m.nspname, p.proname, NULL, NULL
    FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
    WHERE p.proacl IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
    SELECT 'pg_type'::regclass, t.oid, 0, 'T', t.typowner, t.typacl, m.nspname, t.typname, NULL, NULL
    FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
    WHERE t.typacl IS NOT NULL
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
    -- Partitioned tables, partitions, inheritance children, tables using a domain or composite type.
    SELECT o.kind, c.nspname, c.qualified, o.detail, 'table', c.relname, NULL, 'exclude'
    FROM odd_table o JOIN rel c ON c.oid = o.oid
  UNION ALL
    SELECT CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END || ' reading an undeclarable table',
           v.nspname, v.qualified, string_agg(r.oid::regclass::text, ', '),
           CASE v.relkind WHEN 'm' THEN 'matview' ELSE 'view' END, v.relname, NULL, 'exclude'
    FROM odd_view o JOIN rel v ON v.oid = o.oid JOIN pg_class r ON r.oid = o.reads
    GROUP BY v.nspname, v.qualified, v.relname, v.relkind
  UNION ALL
    -- A plain table that others inherit from is declared, and kept: dropping it would need its children gone.
    SELECT 'inheritance parent', c.nspname, c.qualified,
           'of ' || string_agg(i.inhrelid::regclass::text, ', ' ORDER BY i.inhrelid::regclass::text),
           'table', c.relname, NULL, 'keep'
    FROM rel c JOIN pg_inherits i ON i.inhparent = c.oid
    WHERE c.relkind = 'r' AND c.oid NOT IN (SELECT oid FROM odd_table)
    GROUP BY c.nspname, c.qualified, c.relname
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
    -- Relations of other kinds.
    SELECT CASE c.relkind WHEN 'f' THEN 'foreign table' ELSE 'composite type' END,
           c.nspname, c.qualified, NULL, NULL, NULL, NULL, 'report'
    FROM rel c WHERE c.relkind IN ('f', 'c')
  UNION ALL
    -- A materialized view in a tablespace: declared without it, never redefined.
    SELECT 'materialized view in a tablespace', c.nspname, c.qualified,
           (SELECT s.spcname::text FROM pg_tablespace s WHERE s.oid = c.reltablespace), 'matview', c.relname, NULL,
           'freeze'
    FROM rel c WHERE c.relkind = 'm' AND c.reltablespace <> 0
  UNION ALL
    -- Attributes of declarable tables: the table is declared, never dropped, and keeps them.
    SELECT a.kind, c.nspname, c.qualified, a.detail, 'table', c.relname, NULL, 'keep'
    FROM rel c
    CROSS JOIN LATERAL (VALUES
        ('unlogged table', NULL::text, c.relpersistence = 'u'),
        ('table with storage parameters', array_to_string(c.reloptions, ', '), c.reloptions IS NOT NULL),
        ('row level security flag', 'ENABLE ROW LEVEL SECURITY', c.relrowsecurity),
        ('row level security flag', 'FORCE ROW LEVEL SECURITY', c.relforcerowsecurity),
        ('replica identity setting',
         CASE c.relreplident WHEN 'f' THEN 'FULL' WHEN 'n' THEN 'NOTHING' ELSE 'USING INDEX' END,
         c.relreplident <> 'd'),
        ('table in a tablespace', (SELECT s.spcname::text FROM pg_tablespace s WHERE s.oid = c.reltablespace),
         c.reltablespace <> 0)
    ) AS a (kind, detail, applies)
    WHERE c.relkind IN ('r', 'p') AND a.applies

  UNION ALL
    SELECT 'rule', c.nspname, c.qualified || ': ' || quote_ident(r.rulename), NULL, NULL, c.relname, NULL, 'report'
    FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'
  UNION ALL
    SELECT 'policy', c.nspname, c.qualified || ': ' || quote_ident(p.polname),
           CASE WHEN p.polpermissive THEN '' ELSE 'AS RESTRICTIVE ' END
           || 'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
           || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
           || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),
           NULL, c.relname, NULL, 'report'
    FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
  UNION ALL
    -- Constraints state files cannot declare; ones on undeclarable tables go with their table.
    SELECT CASE WHEN k.contype = 'x' THEN 'exclusion constraint'
                WHEN NOT k.convalidated THEN 'NOT VALID constraint'
                WHEN k.contype = 'c' AND k.connoinherit THEN 'NO INHERIT constraint'
                WHEN k.confmatchtype = 'f' THEN 'MATCH FULL foreign key'
                ELSE 'foreign key that sets only some columns' END,
           c.nspname, c.qualified || ': ' || quote_ident(k.conname), pg_get_constraintdef(k.oid),
           'constraint', c.relname, k.conname, 'exclude'
    FROM pg_constraint k JOIN rel c ON c.oid = k.conrelid
    WHERE (k.contype = 'x' OR NOT k.convalidated OR (k.contype = 'c' AND k.connoinherit) OR k.confmatchtype = 'f'
           OR k.confdelsetcols IS NOT NULL)
      AND c.oid NOT IN (SELECT oid FROM odd_table)
  UNION ALL
    -- Indexes with storage parameters or in a tablespace; for a key's index, the key is kept.
    SELECT CASE WHEN i.reloptions IS NOT NULL THEN 'index with storage parameters' ELSE 'index in a tablespace' END,
           c.nspname, quote_ident(c.nspname) || '.' || quote_ident(i.relname),
           coalesce(array_to_string(i.reloptions, ', '),
                    (SELECT s.spcname::text FROM pg_tablespace s WHERE s.oid = i.reltablespace)),
           CASE WHEN k.oid IS NULL THEN 'index' ELSE 'constraint' END, c.relname, coalesce(k.conname, i.relname),
           'exclude'
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN rel c ON c.oid = x.indrelid
    LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
    WHERE (i.reloptions IS NOT NULL OR i.reltablespace <> 0) AND c.relkind IN ('r', 'p', 'm')
      AND c.oid NOT IN (SELECT oid FROM odd_table)
  UNION ALL
    -- Triggers state files cannot declare: constraint triggers, transition tables, not enabled as usual.
    SELECT CASE WHEN g.tgconstraint <> 0 THEN 'constraint trigger'
                WHEN g.tgoldtable IS NOT NULL OR g.tgnewtable IS NOT NULL THEN 'trigger with transition tables'
                ELSE 'trigger not enabled as usual' END,
           c.nspname, c.qualified || ': ' || quote_ident(g.tgname),
           CASE g.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS'
                            ELSE pg_get_triggerdef(g.oid) END,
           'trigger', c.relname, g.tgname, 'exclude'
    FROM pg_trigger g JOIN rel c ON c.oid = g.tgrelid
    WHERE NOT g.tgisinternal
      AND (g.tgconstraint <> 0 OR g.tgoldtable IS NOT NULL OR g.tgnewtable IS NOT NULL OR g.tgenabled <> 'O')
      AND c.oid NOT IN (SELECT oid FROM odd_table)
  UNION ALL
    -- Functions state files cannot hold: SQL-standard bodies, overloads (files key functions by name).
    SELECT CASE WHEN p.prosqlbody IS NOT NULL THEN 'function with a SQL-standard body' ELSE 'overloaded function' END,
           m.nspname, quote_ident(m.nspname) || '.' || quote_ident(p.proname)
                      || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           NULL, 'function', p.proname, pg_get_function_identity_arguments(p.oid),
           CASE WHEN p.prosqlbody IS NOT NULL THEN 'exclude' ELSE 'keep' END
    FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
    WHERE p.prokind = 'f'
      AND (p.prosqlbody IS NOT NULL
           OR EXISTS (SELECT 1 FROM pg_proc q
                      WHERE q.pronamespace = p.pronamespace AND q.proname = p.proname AND q.oid <> p.oid
                        AND q.prokind = 'f'))
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
           m.nspname, quote_ident(m.nspname) || '.' || quote_ident(p.proname)
                      || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           NULL, NULL, NULL, NULL, 'report'
    FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
    WHERE p.prokind IN ('p', 'a', 'w')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
    -- Types other than enums (and the row types of relations, and arrays).
    SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type'
                          WHEN 'e' THEN 'enum without labels' ELSE 'type' END,
           m.nspname, quote_ident(m.nspname) || '.' || quote_ident(t.typname),
           CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END, NULL, NULL, NULL, 'report'
    FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
    WHERE (t.typtype IN ('d', 'r', 'e') OR (t.typtype = 'b' AND t.typcategory <> 'A'))
      AND NOT (t.typtype = 'e' AND EXISTS (SELECT 1 FROM pg_enum e WHERE e.enumtypid = t.oid))
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
  UNION ALL
    SELECT 'collation', m.nspname, quote_ident(m.nspname) || '.' || quote_ident(l.collname), NULL, NULL, NULL, NULL,
           'report'
    FROM pg_collation l JOIN managed m ON m.oid = l.collnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_collation'::regclass AND d.objid = l.oid AND d.deptype = 'e')
  UNION ALL
    SELECT 'operator', m.nspname, o.oid::regoperator::text, NULL, NULL, NULL, NULL, 'report'
    FROM pg_operator o JOIN managed m ON m.oid = o.oprnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e')
  UNION ALL
    SELECT 'text search configuration', m.nspname, quote_ident(m.nspname) || '.' || quote_ident(f.cfgname),
           NULL, NULL, NULL, NULL, 'report'
    FROM pg_ts_config f JOIN managed m ON m.oid = f.cfgnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_ts_config'::regclass AND d.objid = f.oid AND d.deptype = 'e')
  UNION ALL
    SELECT 'statistics object', m.nspname, quote_ident(m.nspname) || '.' || quote_ident(s.stxname), NULL,
           NULL, NULL, NULL, 'report'
    FROM pg_statistic_ext s JOIN managed m ON m.oid = s.stxnamespace
  UNION ALL
    -- Column collations other than the type's: format_type does not print them.
    SELECT 'column collation', c.nspname, c.qualified || '.' || quote_ident(a.attname),
           'COLLATE ' || quote_ident(l.collname), NULL, NULL, NULL, 'report'
    FROM rel c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    JOIN pg_collation l ON l.oid = a.attcollation
    WHERE c.relkind IN ('r', 'p') AND a.attcollation <> t.typcollation
  UNION ALL
    -- Comments state files do not carry (tables, their columns, views and materialized views carry theirs).
    SELECT 'comment', coalesce(o.schema, o.identity), o.type || ' ' || o.identity, dsc.description,
           NULL, NULL, NULL, 'report'
    FROM pg_description dsc
    CROSS JOIN LATERAL pg_identify_object(dsc.classoid, dsc.objoid, dsc.objsubid) o
    WHERE CASE dsc.classoid
            WHEN 'pg_class'::regclass THEN (SELECT c.relkind NOT IN ('r', 'p', 'v', 'm') OR c.oid IN (SELECT oid FROM odd_table)
                                                   OR (c.relkind IN ('v', 'm') AND dsc.objsubid <> 0)
                                            FROM rel c WHERE c.oid = dsc.objoid)
            WHEN 'pg_proc'::regclass THEN EXISTS (SELECT 1 FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
                                                  WHERE p.oid = dsc.objoid)
            WHEN 'pg_type'::regclass THEN EXISTS (SELECT 1 FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
                                                  WHERE t.oid = dsc.objoid)
            WHEN 'pg_constraint'::regclass THEN EXISTS (SELECT 1 FROM pg_constraint k
                                                        JOIN managed m ON m.oid = k.connamespace
                                                        WHERE k.oid = dsc.objoid)
            WHEN 'pg_trigger'::regclass THEN EXISTS (SELECT 1 FROM pg_trigger g JOIN rel c ON c.oid = g.tgrelid
                                                     WHERE g.oid = dsc.objoid)
            WHEN 'pg_policy'::regclass THEN EXISTS (SELECT 1 FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
                                                    WHERE p.oid = dsc.objoid)
            WHEN 'pg_namespace'::regclass THEN dsc.objoid IN (SELECT oid FROM managed)
                                               AND NOT (o.identity = 'public'
                                                        AND dsc.description = 'standard public schema')
            WHEN 'pg_collation'::regclass THEN EXISTS (SELECT 1 FROM pg_collation l
                                                       JOIN managed m ON m.oid = l.collnamespace
                                                       WHERE l.oid = dsc.objoid)
            ELSE false END
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = dsc.classoid AND d.objid = dsc.objoid AND d.deptype = 'e')
  UNION ALL
    SELECT p.direction, p.schema_name, o.type || ' ' || o.identity,
           p.privileges || CASE p.direction WHEN 'grant' THEN ' to ' ELSE ' from ' END || p.grantee,
           NULL, NULL, NULL, 'report'
    FROM privilege p CROSS JOIN LATERAL pg_identify_object(p.classid, p.objid, p.objsubid) o
  UNION ALL
    -- Default privileges: per schema they add to the built-in defaults; database-wide they replace them.
    SELECT 'default privilege', coalesce(m.nspname, '*'),
           'for role ' || pg_get_userbyid(a.defaclrole) || coalesce(' in schema ' || quote_ident(m.nspname), '')
           || ' on ' || CASE a.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                                             WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END,
           string_agg(e.privilege_type || CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', '
                      ORDER BY e.privilege_type)
           || CASE WHEN e.revoked THEN ' revoked from ' ELSE ' to ' END
           || CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(e.grantee) END,
           NULL, NULL, NULL, 'report'
    FROM pg_default_acl a
    LEFT JOIN managed m ON m.oid = a.defaclnamespace
    CROSS JOIN LATERAL (
        (SELECT false AS revoked, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(a.defaclacl) x
         EXCEPT
         SELECT false, x.grantee, x.privilege_type, x.is_grantable
         FROM aclexplode(acldefault(CASE a.defaclobjtype WHEN 'S' THEN 's' ELSE a.defaclobjtype END, a.defaclrole)) x
         WHERE a.defaclnamespace = 0)
        UNION ALL
        (SELECT true, x.grantee, x.privilege_type, x.is_grantable
         FROM aclexplode(acldefault(CASE a.defaclobjtype WHEN 'S' THEN 's' ELSE a.defaclobjtype END, a.defaclrole)) x
         WHERE a.defaclnamespace = 0
         EXCEPT
         SELECT true, x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(a.defaclacl) x)
    ) e
    WHERE a.defaclnamespace = 0 OR m.oid IS NOT NULL
    GROUP BY a.defaclrole, m.nspname, a.defaclobjtype, e.revoked, e.grantee
  UNION ALL
    SELECT 'extension version', n.nspname, quote_ident(e.extname), e.extversion, NULL, NULL, NULL, 'report'
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE n.nspname = ANY(%(schemas)s) OR e.extname = ANY(%(extensions)s)
)
SELECT kind, schema_name, name, detail, protects, relation, member, effect
FROM found
ORDER BY kind, name, detail
