-- Rewrite rules of tables and views; a view's own ON SELECT rule (_RETURN) is its query, read by views.sql.
SELECT n.nspname AS schema_name, c.relname AS table_name, r.rulename AS name,
       pg_get_ruledef(r.oid) AS definition, r.ev_enabled AS enabled,
       obj_description(r.oid, 'pg_rewrite') AS comment
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
