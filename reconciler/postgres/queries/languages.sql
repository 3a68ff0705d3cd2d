-- Procedural languages (database-wide) that no extension owns: their handlers as schema.function (each part
-- quoted where needed), owner, ACL (exploded, with the default one: acldefault) and comment. The built-in
-- internal, c and sql languages are not procedural (lanispl false).
SELECT l.lanname AS name,
       l.lanpltrusted AS trusted,
       quote_ident(hn.nspname) || '.' || quote_ident(h.proname) AS handler,
       CASE WHEN l.laninline <> 0 THEN quote_ident(iin.nspname) || '.' || quote_ident(i.proname) END AS inline,
       CASE WHEN l.lanvalidator <> 0 THEN quote_ident(vn.nspname) || '.' || quote_ident(v.proname) END AS validator,
       pg_get_userbyid(l.lanowner) AS owner,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(coalesce(l.lanacl, acldefault('l', l.lanowner))) x) AS acl,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(acldefault('l', l.lanowner)) x) AS default_acl,
       ds.description AS comment
FROM pg_language l
JOIN pg_proc h ON h.oid = l.lanplcallfoid
JOIN pg_namespace hn ON hn.oid = h.pronamespace
LEFT JOIN pg_proc i ON i.oid = l.laninline
LEFT JOIN pg_namespace iin ON iin.oid = i.pronamespace
LEFT JOIN pg_proc v ON v.oid = l.lanvalidator
LEFT JOIN pg_namespace vn ON vn.oid = v.pronamespace
LEFT JOIN pg_description ds ON ds.objoid = l.oid AND ds.classoid = 'pg_language'::regclass AND ds.objsubid = 0
WHERE l.lanispl
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_language'::regclass AND d.objid = l.oid AND d.deptype = 'e')
ORDER BY 1
