-- Every object of the managed schemas that privileges can be granted on (and the schemas themselves), with
-- its ACL exploded and the ACL it has by default: acldefault for its kind and owner, or its initial
-- privileges (pg_init_privs) for other objects initdb made. The schema `public`, and a physical schema listed
-- in the public_like parameter that stands for it, has by default its owner's privileges and USAGE for PUBLIC, as
-- initdb gives public, whoever owns it now (pg_init_privs keeps initdb's owner, pg_database_owner, after ALTER
-- SCHEMA public OWNER TO; the materializer grants that USAGE first, so what the file declares compares alike), and
-- its NULL ACL (a public schema re-created by CREATE SCHEMA) is read as the owner's privileges alone. Elsewhere acl
-- is NULL where the catalog holds NULL (the default is in effect). Columns come only with a column ACL.
-- Extension members are the extension's, never listed; nor are the functions CREATE TYPE makes with a range
-- (its constructors, internal to it): they take the default privileges in force, and pg_dump leaves them out.
-- The managed schemas' relations and types come from queries/namespace_members.sql, by pg_depend's index.
WITH {{namespace_members}},
objects (classid, objid, objsubid, kind, schema_name, name, member, objtype, owner, acl, initial) AS (
    SELECT 'pg_namespace'::regclass, n.oid, 0, 'schema', n.nspname, n.nspname, NULL::text, 'n', n.nspowner,
           CASE WHEN n.nspname = 'public' OR n.nspname = ANY(%(public_like)s)
                THEN coalesce(n.nspacl, acldefault('n', n.nspowner)) ELSE n.nspacl END,
           CASE WHEN n.nspname = 'public' OR n.nspname = ANY(%(public_like)s)
                THEN array_append(acldefault('n', n.nspowner), makeaclitem(0, n.nspowner, 'USAGE', false)) END
    FROM managed n
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid, 0,
           -- a foreign table is a table: its grants are declared with it
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'S' THEN 'sequence' WHEN 'm' THEN 'materialized view'
                          ELSE 'table' END,
           c.nspname, c.relname, NULL, CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END, c.relowner, c.relacl, NULL
    FROM rel c
  UNION ALL
    SELECT 'pg_class'::regclass, c.oid, a.attnum, 'column', c.nspname, c.relname, a.attname::text, 'c', c.relowner,
           a.attacl, NULL
    FROM rel c
    CROSS JOIN LATERAL (SELECT a.attnum, a.attname, a.attacl FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
                        OFFSET 0) a
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
           m.nspname, p.proname, pg_get_function_identity_arguments(p.oid), 'f', p.proowner, p.proacl, NULL
    FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
  UNION ALL
    SELECT 'pg_type'::regclass, t.oid, 0,
           CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' ELSE 'type' END,
           t.nspname, t.typname, NULL, 'T', t.typowner, t.typacl, NULL
    FROM typ t
    WHERE t.typtype IN ('e', 'd', 'r', 'b', 'c') AND t.typcategory <> 'A'
      AND (t.typrelid = 0 OR (SELECT k.relkind FROM pg_class k WHERE k.oid = t.typrelid) = 'c')
),
-- The built-in default ACL of each kind and owner present, exploded once (most objects have it).
built_in AS (
    SELECT k.objtype, k.owner,
           (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public'
                                                           ELSE pg_get_userbyid(x.grantee) END,
                                                      lower(x.privilege_type), x.is_grantable)), '[]')
            FROM aclexplode(acldefault(k.objtype::"char", k.owner)) x) AS exploded
    FROM (SELECT DISTINCT objtype, owner FROM objects WHERE objtype <> 'c') k
)
-- acl is NULL where the catalog holds NULL: the object has its default ACL.
SELECT o.kind, o.schema_name, o.name, o.member, o.objtype, pg_get_userbyid(o.owner) AS owner,
       CASE WHEN o.acl IS NOT NULL THEN
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(o.acl) x) END AS acl,
       CASE WHEN o.objtype = 'c' THEN '[]'::json
            WHEN ip.initprivs IS NULL AND o.initial IS NULL THEN b.exploded
            ELSE (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public'
                                                                 ELSE pg_get_userbyid(x.grantee) END,
                                                            lower(x.privilege_type), x.is_grantable)), '[]')
                  FROM aclexplode(coalesce(o.initial, ip.initprivs)) x) END AS default_acl
FROM objects o
LEFT JOIN pg_init_privs ip ON ip.classoid = o.classid AND ip.objoid = o.objid AND ip.objsubid = o.objsubid
LEFT JOIN built_in b ON b.objtype = o.objtype AND b.owner = o.owner
-- OFFSET 0 keeps this a probe of pg_depend's index per object: as an anti join it scanned all of pg_depend.
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = o.classid AND e.objid = o.objid
                    AND (e.deptype = 'e' OR (e.deptype = 'i' AND o.classid = 'pg_proc'::regclass))
                  OFFSET 0)
ORDER BY o.kind, o.schema_name, o.name, o.member
