-- Indexes, with a flag for those that back a primary key, unique or exclusion constraint.
SELECT n.nspname AS schema_name, t.relname AS table_name, i.relname AS name,
       x.indisunique AS is_unique, pg_get_indexdef(x.indexrelid) AS definition,
       quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS qualified_table,
       EXISTS (SELECT 1 FROM pg_constraint k
               WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                 AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
       obj_description(x.indexrelid, 'pg_class') AS comment
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE t.relkind IN ('r', 'p')
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
