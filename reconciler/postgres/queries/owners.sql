-- Owners of the managed objects, named as the dependency graph names them (kind, schema, name, member:
-- dependencies.object_id; 'schema' for the schemas themselves), whoever owns them: the plan compares them with the
-- owners a state file declares, by name. Left out: what an extension owns, sequences owned by a column and indexes
-- (they follow their table: ALTER TABLE ... OWNER TO moves them along), row and array types and base types
-- (queries/undeclarable.sql reports the latter). Foreign tables are tables here (ALTER TABLE ... OWNER TO takes them).
-- The managed schemas' relations and types come from queries/namespace_members.sql, by pg_depend's index: a join of
-- pg_class and pg_type with the managed schemas scanned both catalogs whole, per batch of a fleet's tenant schemas.
WITH {{namespace_members}},
owned (classid, objid, kind, word, schema_name, name, member, owner) AS (
    SELECT 'pg_namespace'::regclass, n.oid, 'schema', 'SCHEMA', n.nspname, n.nspname, NULL::text, n.nspowner
    FROM managed n
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview' WHEN 'S' THEN 'sequence' ELSE 'table' END,
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
           c.nspname, c.relname, NULL, c.relowner
    FROM rel c
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
       OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                                           OFFSET 0))
  UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 'function',
           CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, m.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
           p.proowner
    FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p', 'a', 'w')
  UNION ALL
    SELECT 'pg_type'::regclass, t.oid,
           CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' WHEN 'p' THEN 'shell_type'
                          ELSE 'type' END,
           CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.nspname, t.typname, NULL, t.typowner
    FROM typ t
    WHERE t.typtype IN ('e', 'd', 'r', 'p')  -- 'p': shell types, the only pseudo-types of typ
       OR (t.typtype = 'c' AND (SELECT k.relkind FROM pg_class k WHERE k.oid = t.typrelid) = 'c')
  UNION ALL
    SELECT 'pg_operator'::regclass, o.oid, 'operator', 'OPERATOR', m.nspname, o.oprname,
           coalesce(format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ', ' || format_type(o.oprright, NULL),
           o.oprowner
    FROM pg_operator o JOIN managed m ON m.oid = o.oprnamespace
    WHERE o.oprcode <> 0  -- a shell operator is its commutator's or negator's, which names it
  UNION ALL
    -- Extended statistics, named as a member of their table or materialized view as the dependency graph names them
    -- (member_schema below: the schema one is kept in, where not its relation's).
    SELECT 'pg_statistic_ext'::regclass, s.oid, 'statistics', 'STATISTICS', c.nspname, c.relname, s.stxname::text,
           s.stxowner
    FROM pg_statistic_ext s JOIN rel c ON c.oid = s.stxrelid
    WHERE s.stxnamespace IN (SELECT oid FROM managed)
  UNION ALL
    SELECT 'pg_collation'::regclass, l.oid, 'collation', 'COLLATION', m.nspname, l.collname, NULL, l.collowner
    FROM pg_collation l JOIN managed m ON m.oid = l.collnamespace
  UNION ALL
    SELECT 'pg_ts_config'::regclass, c.oid, 'text_search_configuration', 'TEXT SEARCH CONFIGURATION', m.nspname,
           c.cfgname, NULL, c.cfgowner
    FROM pg_ts_config c JOIN managed m ON m.oid = c.cfgnamespace
  UNION ALL
    SELECT 'pg_ts_dict'::regclass, d.oid, 'text_search_dictionary', 'TEXT SEARCH DICTIONARY', m.nspname, d.dictname,
           NULL, d.dictowner
    FROM pg_ts_dict d JOIN managed m ON m.oid = d.dictnamespace
  UNION ALL
    -- An operator class and its family have an owner each (operator_classes.py: the family goes with its class).
    SELECT 'pg_opclass'::regclass, c.oid, 'operator_class', 'OPERATOR CLASS', m.nspname, c.opcname, a.amname::text,
           c.opcowner
    FROM pg_opclass c JOIN managed m ON m.oid = c.opcnamespace JOIN pg_am a ON a.oid = c.opcmethod
  UNION ALL
    SELECT 'pg_opfamily'::regclass, f.oid, 'operator_family', 'OPERATOR FAMILY', m.nspname, f.opfname, a.amname::text,
           f.opfowner
    FROM pg_opfamily f JOIN managed m ON m.oid = f.opfnamespace JOIN pg_am a ON a.oid = f.opfmethod
)
SELECT o.kind, o.word, o.schema_name, o.name, o.member, pg_get_userbyid(o.owner) AS owner,
       CASE WHEN o.classid = 'pg_statistic_ext'::regclass
            THEN (SELECT n.nspname FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
                  WHERE s.oid = o.objid AND n.nspname <> o.schema_name) END AS member_schema
FROM owned o
-- OFFSET 0 keeps this a probe of pg_depend's index per object: as an anti join it scanned all of pg_depend.
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = o.classid AND e.objid = o.objid AND e.deptype = 'e'
                  OFFSET 0)
ORDER BY o.kind, o.schema_name, o.name, o.member
