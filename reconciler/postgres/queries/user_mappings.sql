-- User mappings of every server ('public' for the mapping FOR PUBLIC), with their options where the inspecting
-- role may read them: pg_user_mappings shows umoptions only to the mapped role (with USAGE on the server),
-- to members of the server's owner and to superusers, and NULL to anyone else. `readable` repeats the view's
-- own rule, so that NULL options are told apart from options that cannot be read.
SELECT u.srvname AS server, u.usename AS "user", u.umoptions AS options,
       (u.umuser <> 0 AND u.usename = current_user
        AND (pg_has_role(s.srvowner, 'USAGE') OR has_server_privilege(s.oid, 'USAGE')))
       OR (u.umuser = 0 AND pg_has_role(s.srvowner, 'USAGE'))
       OR coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false) AS readable
FROM pg_user_mappings u
JOIN pg_foreign_server s ON s.oid = u.srvid
ORDER BY 1, 2
