-- User triggers (constraint-enforcement triggers are internal and skipped).
SELECT n.nspname AS schema_name, c.relname AS table_name, t.tgname AS name,
       pg_get_triggerdef(t.oid) AS definition,
       quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified_table,
       t.tgconstraint <> 0 AS is_constraint, t.tgenabled AS enabled,
       (SELECT pn.nspname FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace
        WHERE p.oid = t.tgfoid) AS function_schema,
       obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0  -- a partition's clone of its parent's trigger
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
