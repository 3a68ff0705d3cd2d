-- Foreign servers (database-wide) no extension owns, with their wrapper, type, version, options, owner,
-- ACL (exploded, with the default one: acldefault) and comment. pg_foreign_server is readable by every role, options included.
SELECT s.srvname AS name, w.fdwname AS wrapper, s.srvtype AS type, s.srvversion AS version,
       s.srvoptions AS options,
       pg_get_userbyid(s.srvowner) AS owner,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(coalesce(s.srvacl, acldefault('S', s.srvowner))) x) AS acl,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(acldefault('S', s.srvowner)) x) AS default_acl,
       ds.description AS comment
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
LEFT JOIN pg_description ds ON ds.objoid = s.oid AND ds.classoid = 'pg_foreign_server'::regclass
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_foreign_server'::regclass AND d.objid = s.oid AND d.deptype = 'e')
ORDER BY 1
