-- The table access methods users made (database-wide): not built in (oid below FirstNormalObjectId, 16384)
-- and no extension's (pg_depend deptype 'e'). The handler (it takes internal) by its schema and name, as a
-- state file's declaration is resolved too (access_methods.resolve), and its parts for the dependency graph.
-- Index access methods are not declarable: queries/undeclarable.sql reports them.
SELECT a.amname AS name,
       quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS handler,
       n.nspname AS handler_schema, p.proname AS handler_name,
       pg_get_function_identity_arguments(p.oid) AS handler_arguments,
       ds.description AS comment
FROM pg_am a
JOIN pg_proc p ON p.oid = a.amhandler
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_description ds ON ds.objoid = a.oid AND ds.classoid = 'pg_am'::regclass AND ds.objsubid = 0
WHERE a.amtype = 't' AND a.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_am'::regclass AND d.objid = a.oid AND d.deptype = 'e')
ORDER BY a.amname COLLATE "C"
