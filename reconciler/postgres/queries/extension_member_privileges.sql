-- Privileges on the objects extensions own (extension_members.py): of each extension in a managed schema or
-- declared by name, every member whose ACL was ever set (proacl, relacl, typacl, nspacl, fdwacl, srvacl, lanacl
-- not NULL) or that the extension's script granted on, with its ACL exploded and its install-time ACL: the
-- initial privileges pg_init_privs recorded for it, or acldefault where the script granted nothing. A member is
-- named as pg_identify_object_as_address names it, whatever the search_path. Array types are their element's;
-- columns are left out.
WITH extensions AS (
    SELECT e.oid, e.extname, n.nspname
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE n.nspname = ANY(%(schemas)s) OR e.extname = ANY(%(extensions)s)
),
members (extension, extension_schema, classid, objid, objtype, owner, acl) AS (
    SELECT x.extname, x.nspname, d.classid, d.objid, o.objtype, o.owner, o.acl
    FROM extensions x
    JOIN pg_depend d ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = x.oid AND d.deptype = 'e'
    CROSS JOIN LATERAL (
        SELECT 'f', p.proowner, p.proacl FROM pg_proc p WHERE d.classid = 'pg_proc'::regclass AND p.oid = d.objid
      UNION ALL
        SELECT CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END, c.relowner, c.relacl
        FROM pg_class c WHERE d.classid = 'pg_class'::regclass AND c.oid = d.objid AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      UNION ALL
        SELECT 'T', t.typowner, t.typacl FROM pg_type t
        WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid AND t.typcategory <> 'A'
      UNION ALL
        SELECT 'n', s.nspowner, s.nspacl FROM pg_namespace s
        WHERE d.classid = 'pg_namespace'::regclass AND s.oid = d.objid
      UNION ALL
        SELECT 'F', w.fdwowner, w.fdwacl FROM pg_foreign_data_wrapper w
        WHERE d.classid = 'pg_foreign_data_wrapper'::regclass AND w.oid = d.objid
      UNION ALL
        SELECT 'S', v.srvowner, v.srvacl FROM pg_foreign_server v
        WHERE d.classid = 'pg_foreign_server'::regclass AND v.oid = d.objid
      UNION ALL
        SELECT 'l', l.lanowner, l.lanacl FROM pg_language l WHERE d.classid = 'pg_language'::regclass AND l.oid = d.objid
    ) o (objtype, owner, acl)
)
SELECT m.extension, m.extension_schema, m.classid::oid AS classid, m.objid, a.type AS kind,
       a.object_names AS names, a.object_args AS args,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee) END,
                                                  lower(e.privilege_type), e.is_grantable)), '[]')
        FROM aclexplode(CASE WHEN cardinality(coalesce(m.acl, d.acl)) > 0 THEN coalesce(m.acl, d.acl) END) e) AS acl,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee) END,
                                                  lower(e.privilege_type), e.is_grantable)), '[]')
        FROM aclexplode(CASE WHEN cardinality(d.acl) > 0 THEN d.acl END) e) AS default_acl
FROM members m
LEFT JOIN pg_init_privs ip ON ip.classoid = m.classid AND ip.objoid = m.objid AND ip.objsubid = 0
CROSS JOIN LATERAL (SELECT coalesce(ip.initprivs, acldefault(m.objtype::"char", m.owner)) AS acl) d
CROSS JOIN LATERAL pg_identify_object_as_address(m.classid, m.objid, 0) a
WHERE m.acl IS NOT NULL OR ip.initprivs IS NOT NULL
ORDER BY m.extension, a.type, a.object_names::text, a.object_args::text
