-- Default privileges set per schema (ALTER DEFAULT PRIVILEGES ... IN SCHEMA): each adds to the built-in
-- defaults of the objects its role creates there, so its ACL is exactly what it grants.
SELECT m.nspname AS schema_name, pg_get_userbyid(a.defaclrole) AS role,
       CASE a.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                            WHEN 'T' THEN 'types' ELSE 'schemas' END AS on_type,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(CASE WHEN cardinality(a.defaclacl) > 0 THEN a.defaclacl END) x) AS acl
FROM pg_default_acl a
JOIN pg_namespace m ON m.oid = a.defaclnamespace
WHERE m.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
