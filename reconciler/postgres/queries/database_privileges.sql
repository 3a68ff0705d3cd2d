-- Privileges on the database itself (GRANT CONNECT / CREATE / TEMPORARY ON DATABASE, database_privileges.py): its
-- ACL exploded (NULL: the default one), the default ACL its owner gives it, as privileges.sql gives other objects'.
SELECT pg_get_userbyid(d.datdba) AS owner,
       CASE WHEN d.datacl IS NOT NULL THEN
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(d.datacl) x) END AS acl,
       (SELECT coalesce(json_agg(json_build_array(CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END,
                                                  lower(x.privilege_type), x.is_grantable)), '[]')
        FROM aclexplode(acldefault('d', d.datdba)) x) AS default_acl
FROM pg_database d
WHERE d.datname = current_database()
