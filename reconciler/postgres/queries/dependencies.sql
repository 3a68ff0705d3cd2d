-- What each managed object needs (pg_depend), named as the model names objects.
-- Catalog rows that only carry a dependency for an object are folded into it:
-- a view's (or materialized view's) _RETURN rule into the view, a column default into its column, an
-- index that backs a constraint into the constraint, a row or array type into
-- its table, view or enum. A policy needs what its expressions read, a rule what its condition and
-- commands name, a cast its function and types, an event trigger its function. Only normal dependencies
-- count: automatic ones (a column's constraint, a serial's sequence, a rule's relation) go away with what
-- they hang off.
WITH objects (classid, objid, objsubid, kind, schema_name, name, member) AS (
    SELECT 'pg_class'::regclass, c.oid, 0,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview' WHEN 'S' THEN 'sequence' ELSE 'table' END,
           n.nspname, c.relname, NULL::name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid, a.attnum,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview' ELSE 'column' END,
           n.nspname, c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN NULL ELSE a.attname END
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_attrdef'::regclass, d.oid, 0, 'column', n.nspname, c.relname, a.attname
    FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, 0, CASE c.relkind WHEN 'm' THEN 'matview' ELSE 'view' END,
           n.nspname, c.relname, NULL
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND r.rulename = '_RETURN' AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, 0, 'rule', n.nspname, c.relname, r.rulename
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE r.rulename <> '_RETURN' AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_constraint'::regclass, k.oid, 0, 'constraint', n.nspname, c.relname, k.conname
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_class'::regclass, x.indexrelid, 0, CASE WHEN k.oid IS NULL THEN 'index' ELSE 'constraint' END,
           n.nspname, t.relname, coalesce(k.conname, i.relname)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
    WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_trigger'::regclass, g.oid, 0, 'trigger', n.nspname, c.relname, g.tgname
    FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT g.tgisinternal AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_policy'::regclass, p.oid, 0, 'policy', n.nspname, c.relname, p.polname
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p', 'a', 'w') AND n.nspname = ANY(%(schemas)s)
      AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid
                                                   AND i.refclassid = 'pg_type'::regclass AND i.deptype = 'i')
  UNION ALL
    SELECT 'pg_operator'::regclass, o.oid, 0, 'operator', n.nspname, o.oprname,
           coalesce(format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ', ' || format_type(o.oprright, NULL)
    FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
    WHERE o.oprcode <> 0 AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    -- A user's cast (database-wide, no schema) needs its function and its types (user_casts.py).
    SELECT 'pg_cast'::regclass, c.oid, 0, 'cast', ''::name,
           format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL), NULL
    FROM pg_cast c
    WHERE c.oid >= 16384
      AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_cast'::regclass AND i.objid = c.oid
                                                   AND i.deptype = 'i')
  UNION ALL
    -- An event trigger (database-wide, no schema) needs its function (event_triggers.py).
    SELECT 'pg_event_trigger'::regclass, e.oid, 0, 'event_trigger', ''::name, e.evtname, NULL
    FROM pg_event_trigger e
  UNION ALL
    SELECT 'pg_collation'::regclass, l.oid, 0, 'collation', n.nspname, l.collname, NULL
    FROM pg_collation l JOIN pg_namespace n ON n.oid = l.collnamespace
    WHERE n.nspname = ANY(%(schemas)s)
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
  UNION ALL
    SELECT 'pg_type'::regclass, t.oid, 0,
           CASE WHEN t.typtype = 'e' THEN 'enum' WHEN c.relkind = 'v' THEN 'view' WHEN c.relkind = 'm' THEN 'matview'
                ELSE 'table' END,
           n.nspname, coalesce(c.relname, t.typname), NULL
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    LEFT JOIN pg_class c ON c.oid = t.typrelid
    WHERE (t.typtype = 'e' OR c.relkind IN ('r', 'p', 'f', 'v', 'm')) AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_type'::regclass, arr.oid, 0,
           CASE WHEN t.typtype = 'e' THEN 'enum' WHEN c.relkind = 'v' THEN 'view' WHEN c.relkind = 'm' THEN 'matview'
                ELSE 'table' END,
           n.nspname, coalesce(c.relname, t.typname), NULL
    FROM pg_type arr JOIN pg_type t ON t.oid = arr.typelem AND t.typarray = arr.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
    LEFT JOIN pg_class c ON c.oid = t.typrelid
    WHERE (t.typtype = 'e' OR c.relkind IN ('r', 'p', 'f', 'v', 'm')) AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    -- Domains, composite types and range types, with their arrays, a range's multirange (and its array),
    -- a composite type's attributes and a domain's constraints folded in.
    SELECT 'pg_type'::regclass, x.oid, 0,
           CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'c' THEN 'type' ELSE 'range' END, n.nspname, t.typname, NULL
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    LEFT JOIN pg_class c ON c.oid = t.typrelid
    LEFT JOIN pg_range r ON r.rngtypid = t.oid
    LEFT JOIN pg_type m ON m.oid = r.rngmultitypid
    CROSS JOIN LATERAL (VALUES (t.oid), (t.typarray), (m.oid), (m.typarray)) AS x (oid)
    WHERE (t.typtype IN ('d', 'r') OR c.relkind = 'c') AND x.oid IS NOT NULL AND x.oid <> 0
      AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid, a.attnum, 'type', n.nspname, t.typname, NULL
    FROM pg_class c JOIN pg_type t ON t.oid = c.reltype JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
    WHERE c.relkind = 'c' AND n.nspname = ANY(%(schemas)s)
  UNION ALL
    SELECT 'pg_constraint'::regclass, k.oid, 0, 'domain', n.nspname, t.typname, NULL
    FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ANY(%(schemas)s)
)
SELECT DISTINCT o.kind, o.schema_name, o.name, o.member,
       r.kind AS ref_kind, r.schema_name AS ref_schema_name, r.name AS ref_name, r.member AS ref_member
FROM pg_depend d
JOIN objects o ON o.classid = d.classid AND o.objid = d.objid AND o.objsubid = d.objsubid
JOIN objects r ON r.classid = d.refclassid AND r.objid = d.refobjid AND r.objsubid = d.refobjsubid
WHERE d.deptype = 'n'
  AND (o.kind, o.schema_name, o.name, o.member) IS DISTINCT FROM (r.kind, r.schema_name, r.name, r.member)
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
