-- Foreign-data wrappers (database-wide) that no extension owns, their handler and validator as
-- schema.function (each part quoted where needed), options, owner, ACL
-- (exploded, with the default one: acldefault) and comment.
SELECT w.fdwname AS name,
       CASE WHEN w.fdwhandler <> 0 THEN quote_ident(hn.nspname) || '.' || quote_ident(h.proname) END AS handler,
       CASE WHEN w.fdwvalidator <> 0 THEN quote_ident(vn.nspname) || '.' || quote_ident(v.proname) END AS validator,
       w.fdwoptions AS options,
       pg_get_userbyid(w.fdwowner) AS owner,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(coalesce(w.fdwacl, acldefault('F', w.fdwowner))) x) AS acl,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(acldefault('F', w.fdwowner)) x) AS default_acl,
       ds.description AS comment
FROM pg_foreign_data_wrapper w
LEFT JOIN pg_proc h ON h.oid = w.fdwhandler
LEFT JOIN pg_namespace hn ON hn.oid = h.pronamespace
LEFT JOIN pg_proc v ON v.oid = w.fdwvalidator
LEFT JOIN pg_namespace vn ON vn.oid = v.pronamespace
LEFT JOIN pg_description ds ON ds.objoid = w.oid AND ds.classoid = 'pg_foreign_data_wrapper'::regclass
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_foreign_data_wrapper'::regclass AND d.objid = w.oid AND d.deptype = 'e')
ORDER BY 1
