-- What each managed object needs (pg_depend), named as the model names objects.
-- Catalog rows that only carry a dependency for an object are folded into it:
-- a view's (or materialized view's) _RETURN rule into the view, a column default into its column, an
-- index that backs a constraint into the constraint, a row or array type into
-- its table, view or enum. A policy needs what its expressions read, a rule what its condition and
-- commands name, a statistics object what its expressions call, a cast its function and types, an event trigger
-- its function. Only normal dependencies
-- count: automatic ones (a column's constraint, a serial's sequence, a rule's relation) go away with what
-- they hang off.
--
-- A relation is one row for itself and its columns (`subs`: which of pg_depend's objsubid it stands for: 0 only,
-- 1 any, 2 any above 0), and a column or a default is named from pg_attribute only where a dependency is found:
-- a row per column made 2,000 tables 48,000 objects, each probed in pg_depend, for the few columns that need or
-- are needed by anything.
-- A part between `--{ flag` and `--}` is left out where queries/present.sql found none of what it reads
-- (inspector.query): planning the whole query was most of its cost on a small database.
WITH {{namespace_members}},
{{family_members}},
-- Everything but relations, their defaults and composite types' attributes (objsubid 0).
other (classid, objid, objsubid, kind, schema_name, name, member) AS (
    -- name and member are text from the first branch on, whichever parts are kept: a UNION takes its type from
    -- the first typed branch, and name would cut a function's arguments (pg_get_function_identity_arguments) to
    -- 63 bytes.
    SELECT 'pg_constraint'::regclass, k.oid, 0, 'constraint', c.nspname, c.relname::text, k.conname::text
    FROM rel c CROSS JOIN LATERAL (SELECT k.oid, k.conname FROM pg_constraint k WHERE k.conrelid = c.oid OFFSET 0) k
  UNION ALL
    SELECT 'pg_class'::regclass, x.indexrelid, 0, CASE WHEN k.oid IS NULL THEN 'index' ELSE 'constraint' END,
           t.nspname, t.relname, coalesce(k.conname, x.relname)
    FROM rel t CROSS JOIN LATERAL (SELECT x.indexrelid, i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                                   WHERE x.indrelid = t.oid OFFSET 0) x
    LEFT JOIN LATERAL (SELECT k.oid, k.conname FROM pg_constraint k
                       WHERE k.conrelid = t.oid AND k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x')
                       OFFSET 0) k ON true
  UNION ALL
    -- The row types of tables, views and materialized views, and their arrays.
    SELECT 'pg_type'::regclass, x.oid, 0,
           CASE WHEN t.typtype = 'e' THEN 'enum' WHEN c.relkind = 'v' THEN 'view' WHEN c.relkind = 'm' THEN 'matview'
                ELSE 'table' END,
           c.nspname, c.relname, NULL
    FROM rel c JOIN pg_type t ON t.oid = c.reltype AND t.typrelid = c.oid AND t.typnamespace = c.nspoid
    CROSS JOIN LATERAL (SELECT t.oid UNION ALL SELECT arr.oid FROM pg_type arr
                        WHERE arr.oid = t.typarray AND arr.typelem = t.oid) AS x (oid)
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
  --{ views, materialized_views
  UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, 0, CASE c.relkind WHEN 'm' THEN 'matview' ELSE 'view' END,
           c.nspname, c.relname, NULL::text
    FROM rel c CROSS JOIN LATERAL (SELECT r.oid FROM pg_rewrite r
                                   WHERE r.ev_class = c.oid AND r.rulename = '_RETURN' OFFSET 0) r
    WHERE c.relkind IN ('v', 'm')
  --}
  --{ rules
  UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, 0, 'rule', c.nspname, c.relname, r.rulename
    FROM rel c CROSS JOIN LATERAL (SELECT r.oid, r.rulename FROM pg_rewrite r
                                   WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN' OFFSET 0) r
  --}
  --{ triggers
  UNION ALL
    SELECT 'pg_trigger'::regclass, g.oid, 0, 'trigger', c.nspname, c.relname, g.tgname
    FROM rel c CROSS JOIN LATERAL (SELECT g.oid, g.tgname FROM pg_trigger g
                                   WHERE g.tgrelid = c.oid AND NOT g.tgisinternal OFFSET 0) g
  --}
  --{ statistics
  UNION ALL
    -- An extended statistics object, named as a member of its table or materialized view wherever it is kept: it
    -- needs the functions and operators its expressions call.
    SELECT 'pg_statistic_ext'::regclass, s.oid, 0, 'statistics', c.nspname, c.relname, s.stxname::text
    FROM rel c CROSS JOIN LATERAL (SELECT s.oid, s.stxname FROM pg_statistic_ext s WHERE s.stxrelid = c.oid OFFSET 0) s
  --}
  --{ policies
  UNION ALL
    SELECT 'pg_policy'::regclass, p.oid, 0, 'policy', c.nspname, c.relname, p.polname
    FROM rel c CROSS JOIN LATERAL (SELECT p.oid, p.polname FROM pg_policy p WHERE p.polrelid = c.oid OFFSET 0) p
  --}
  --{ functions, aggregates
  UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p', 'a', 'w') AND n.nspname = ANY(%(schemas)s)
      AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid
                                                   AND i.refclassid = 'pg_type'::regclass AND i.deptype = 'i')
  --}
  --{ operators
  UNION ALL
    SELECT 'pg_operator'::regclass, o.oid, 0, 'operator', n.nspname, o.oprname,
           coalesce(format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ', ' || format_type(o.oprright, NULL)
    FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
    WHERE o.oprcode <> 0 AND n.nspname = ANY(%(schemas)s)
  --}
  --{ user_casts
  UNION ALL
    -- A user's cast (database-wide, no schema) needs its function and its types (user_casts.py).
    SELECT 'pg_cast'::regclass, c.oid, 0, 'cast', ''::name,
           format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL), NULL
    FROM pg_cast c
    WHERE c.oid >= 16384
      AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_cast'::regclass AND i.objid = c.oid
                                                   AND i.deptype = 'i')
  --}
  --{ event_triggers
  UNION ALL
    -- An event trigger (database-wide, no schema) needs its function (event_triggers.py).
    SELECT 'pg_event_trigger'::regclass, e.oid, 0, 'event_trigger', ''::name, e.evtname, NULL
    FROM pg_event_trigger e
  --}
  --{ collations
  UNION ALL
    SELECT 'pg_collation'::regclass, l.oid, 0, 'collation', n.nspname, l.collname, NULL
    FROM pg_collation l JOIN pg_namespace n ON n.oid = l.collnamespace
    WHERE n.nspname = ANY(%(schemas)s)
  --}
  --{ text_search
  UNION ALL
    -- Text search objects: a configuration needs its parser and dictionaries, a dictionary its template.
    SELECT 'pg_ts_config'::regclass, c.oid, 0, 'text_search_configuration', n.nspname, c.cfgname, NULL
    FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_ts_dict'::regclass, d.oid, 0, 'text_search_dictionary', n.nspname, d.dictname, NULL
    FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_ts_parser'::regclass, p.oid, 0, 'text_search_parser', n.nspname, p.prsname, NULL
    FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_ts_template'::regclass, t.oid, 0, 'text_search_template', n.nspname, t.tmplname, NULL
    FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE n.nspname = ANY(%(schemas)s)
  --}
  --{ operator_classes
  UNION ALL
    -- An operator class: with the family of its own name that it holds alone and every member of it folded in,
    -- or, in a family made on its own, with the members bound to it. An index needs the class, the class its
    -- type, its family and the functions and operators of its members (operator_classes.py).
    SELECT x.classid, x.oid, 0, 'operator_class', n.nspname, c.opcname, a.amname::text
    FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace JOIN pg_am a ON a.oid = c.opcmethod
    JOIN pg_opfamily f ON f.oid = c.opcfamily
    CROSS JOIN LATERAL (SELECT c.opcfamily IN (SELECT oid FROM own_families)) AS own (is_own)
    CROSS JOIN LATERAL (SELECT 'pg_opclass'::regclass, c.oid
                        UNION ALL SELECT 'pg_opfamily'::regclass, f.oid WHERE own.is_own
                        UNION ALL SELECT m.classid, m.oid FROM family_members m
                                  WHERE m.family = c.opcfamily AND (own.is_own OR m.bound_to = c.oid)
                       ) AS x (classid, oid)
    WHERE n.nspname = ANY(%(schemas)s)
  --}
  --{ operator_families
  UNION ALL
    -- An operator family made on its own (operator_families.py), with its loose members folded in: the classes in
    -- it need it, it needs the functions and operators of those members.
    SELECT x.classid, x.oid, 0, 'operator_family', n.nspname, f.opfname, a.amname::text
    FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am a ON a.oid = f.opfmethod
    CROSS JOIN LATERAL (SELECT 'pg_opfamily'::regclass, f.oid
                        UNION ALL SELECT m.classid, m.oid FROM family_members m
                                  WHERE m.family = f.oid AND m.bound_to IS NULL) AS x (classid, oid)
    WHERE n.nspname = ANY(%(schemas)s) AND f.oid NOT IN (SELECT oid FROM own_families)
  --}
  --{ enums
  UNION ALL
    -- Enums, and their arrays.
    SELECT 'pg_type'::regclass, t.oid, 0, 'enum', t.nspname, t.typname, NULL
    FROM typ t
    WHERE t.typtype = 'e'
  UNION ALL
    SELECT 'pg_type'::regclass, arr.oid, 0, 'enum', t.nspname, t.typname, NULL
    FROM typ t JOIN pg_type arr ON arr.oid = t.typarray AND arr.typelem = t.oid
    WHERE t.typtype = 'e'
  --}
  --{ domains, composite_types, ranges
  UNION ALL
    -- Domains, composite types and range types, with their arrays, a range's multirange (and its array),
    -- a composite type's attributes and a domain's constraints folded in.
    SELECT 'pg_type'::regclass, x.oid, 0,
           CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'c' THEN 'type' ELSE 'range' END, t.nspname, t.typname, NULL
    FROM typ t
    LEFT JOIN pg_class c ON c.oid = t.typrelid
    LEFT JOIN pg_range r ON r.rngtypid = t.oid
    LEFT JOIN pg_type m ON m.oid = r.rngmultitypid
    CROSS JOIN LATERAL (VALUES (t.oid), (t.typarray), (m.oid), (m.typarray)) AS x (oid)
    WHERE (t.typtype IN ('d', 'r') OR c.relkind = 'c') AND x.oid IS NOT NULL AND x.oid <> 0
  --}
  --{ domains
  UNION ALL
    SELECT 'pg_constraint'::regclass, k.oid, 0, 'domain', t.nspname, t.typname, NULL
    FROM typ t CROSS JOIN LATERAL (SELECT k.oid FROM pg_constraint k WHERE k.contypid = t.oid AND k.contypid <> 0 OFFSET 0) k
  --}
),
objects (classid, objid, subs, kind, subkind, schema_name, name, member, relid, attnum) AS (
    SELECT o.classid, o.objid, 0, o.kind, NULL, o.schema_name, o.name, o.member::text, NULL::oid, NULL::int2
    FROM other o
  UNION ALL
    -- A relation, and its columns: a view's or materialized view's count as the view, a table's by name.
    SELECT 'pg_class'::regclass, c.oid, CASE WHEN c.relkind = 'S' THEN 0 ELSE 1 END,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview' WHEN 'S' THEN 'sequence' ELSE 'table' END,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview' ELSE 'column' END,
           c.nspname, c.relname, NULL, NULL, NULL
    FROM rel c
  UNION ALL
    -- A column default counts as its column (a view's, as the view).
    SELECT 'pg_attrdef'::regclass, d.oid, 0, CASE WHEN c.relkind = 'v' THEN 'view' ELSE 'column' END, NULL,
           c.nspname, c.relname, NULL, CASE WHEN c.relkind <> 'v' THEN c.oid END, d.adnum
    FROM rel c CROSS JOIN LATERAL (SELECT d.oid, d.adnum FROM pg_attrdef d WHERE d.adrelid = c.oid OFFSET 0) d
  --{ composite_types
  UNION ALL
    -- A composite type's attributes count as the type.
    SELECT 'pg_class'::regclass, c.oid, 2, 'type', 'type', t.nspname, t.typname, NULL, NULL, NULL
    FROM typ t JOIN pg_class c ON c.oid = t.typrelid AND c.reltype = t.oid AND c.relnamespace = t.nspoid
    WHERE t.typtype = 'c' AND c.relkind = 'c'
  --}
),
-- Each object's own normal dependencies, by pg_depend's index on the depender (a join scanned all of pg_depend),
-- and two automatic ones: an operator class's on its family (the class goes with the family, but a plan that
-- drops both drops the class first, and creates the family first), and an operator family member's on its
-- function or operator (a B-tree family's cross-type members: dropping the function silently takes the member
-- away, so a plan that re-creates the function adds the member again).
found AS (
    SELECT o.classid, o.objid, o.kind, o.subkind, o.schema_name, o.name, o.member, o.relid, o.attnum,
           d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
    FROM objects o
    CROSS JOIN LATERAL (SELECT d.objsubid, d.refclassid, d.refobjid, d.refobjsubid FROM pg_depend d
                        WHERE d.classid = o.classid AND d.objid = o.objid
                          AND (d.deptype = 'n'
                               OR (d.classid = 'pg_opclass'::regclass AND d.refclassid = 'pg_opfamily'::regclass)
                               OR (d.classid IN ('pg_amop'::regclass, 'pg_amproc'::regclass)
                                   AND d.refclassid IN ('pg_proc'::regclass, 'pg_operator'::regclass)))
                          AND CASE o.subs WHEN 0 THEN d.objsubid = 0 WHEN 2 THEN d.objsubid > 0 ELSE true END
                        OFFSET 0) d
),
-- Both ends by name: a column (of a table, or a default's) from pg_attribute, now that there are few.
named AS (
    SELECT CASE WHEN f.objsubid > 0 THEN f.subkind ELSE f.kind END AS kind, f.schema_name, f.name,
           CASE WHEN f.relid IS NOT NULL THEN (SELECT a.attname FROM pg_attribute a
                                               WHERE a.attrelid = f.relid AND a.attnum = f.attnum)
                WHEN f.objsubid > 0 AND f.subkind = 'column' THEN (SELECT a.attname FROM pg_attribute a
                                                                    WHERE a.attrelid = f.objid
                                                                      AND a.attnum = f.objsubid)
                ELSE f.member END AS member,
           CASE WHEN f.refobjsubid > 0 THEN r.subkind ELSE r.kind END AS ref_kind, r.schema_name AS ref_schema_name,
           r.name AS ref_name,
           CASE WHEN r.relid IS NOT NULL THEN (SELECT a.attname FROM pg_attribute a
                                               WHERE a.attrelid = r.relid AND a.attnum = r.attnum)
                WHEN f.refobjsubid > 0 AND r.subkind = 'column' THEN (SELECT a.attname FROM pg_attribute a
                                                                       WHERE a.attrelid = r.objid
                                                                         AND a.attnum = f.refobjsubid)
                ELSE r.member END AS ref_member
    FROM found f
    JOIN objects r ON r.classid = f.refclassid AND r.objid = f.refobjid
                  AND CASE r.subs WHEN 0 THEN f.refobjsubid = 0 WHEN 2 THEN f.refobjsubid > 0 ELSE true END
)
SELECT DISTINCT kind, schema_name, name, member, ref_kind, ref_schema_name, ref_name, ref_member
FROM named
WHERE (kind, schema_name, name, member) IS DISTINCT FROM (ref_kind, ref_schema_name, ref_name, ref_member)
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
