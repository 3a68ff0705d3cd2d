-- Indexes, with a flag for those that back a primary key, unique or exclusion constraint.
SELECT n.nspname AS schema_name, t.relname AS table_name, i.relname AS name,
       x.indisunique AS is_unique, x.indisvalid AS valid, pg_get_indexdef(x.indexrelid) AS definition,
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
  -- A partition's index attached to its parent's partitioned index comes and goes with that one.
  AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = x.indexrelid)
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
