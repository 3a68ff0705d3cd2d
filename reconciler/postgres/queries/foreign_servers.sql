-- Foreign servers (database-wide) no extension owns, with their wrapper, type, version, options, owner and
-- comment. pg_foreign_server is readable by every role, options included.
SELECT s.srvname AS name, w.fdwname AS wrapper, s.srvtype AS type, s.srvversion AS version,
       s.srvoptions AS options,
       pg_get_userbyid(s.srvowner) AS owner,
       ds.description AS comment
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
LEFT JOIN pg_description ds ON ds.objoid = s.oid AND ds.classoid = 'pg_foreign_server'::regclass
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_foreign_server'::regclass AND d.objid = s.oid AND d.deptype = 'e')
ORDER BY 1
