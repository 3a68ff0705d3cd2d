-- Default privileges set per schema (ALTER DEFAULT PRIVILEGES ... IN SCHEMA): each adds to the built-in
-- defaults of the objects its role creates there, so its ACL is exactly what it grants. Database-wide rows
-- (no IN SCHEMA, schema_name NULL) replace the built-in default instead, so each comes with it (default_acl):
-- acldefault for the kind and the role, which PostgreSQL starts from and drops the row once equal to again.
SELECT m.nspname AS schema_name, pg_get_userbyid(a.defaclrole) AS role,
       CASE a.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                            WHEN 'T' THEN 'types' ELSE 'schemas' END AS on_type,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(CASE WHEN cardinality(a.defaclacl) > 0 THEN a.defaclacl END) x) AS acl,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(CASE WHEN a.defaclnamespace = 0
                             THEN acldefault(CASE a.defaclobjtype WHEN 'S' THEN 's' ELSE a.defaclobjtype END,
                                             a.defaclrole) END) x) AS default_acl
FROM pg_default_acl a
LEFT JOIN pg_namespace m ON m.oid = a.defaclnamespace
WHERE m.nspname = ANY(%(schemas)s) OR a.defaclnamespace = 0
ORDER BY 1 NULLS FIRST, 2, 3
