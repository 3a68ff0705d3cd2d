-- Indexes, with a flag for those that back a primary key, unique or exclusion constraint. Those come with
-- their constraint, so their definition (pg_get_indexdef, the costly part of this query) is not read.
-- statistics: ALTER INDEX ... ALTER COLUMN n SET STATISTICS, by column position (-1, the default, is not set).
SELECT s.schema_name, s.table_name, s.name, s.is_unique, s.valid,
       CASE WHEN NOT s.backs_constraint THEN pg_get_indexdef(s.indexrelid) END AS definition,
       s.qualified_table, s.backs_constraint, s.comment, st.statistics
FROM (
    SELECT n.nspname AS schema_name, t.relname AS table_name, i.relname AS name, x.indexrelid,
           x.indisunique AS is_unique, x.indisvalid AS valid,
           quote_ident(n.nspname) || '.' || quote_ident(t.relname) AS qualified_table,
           EXISTS (SELECT 1 FROM pg_constraint k
                   WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                     AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
           ds.description AS comment
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    -- obj_description as a join: the function runs a query per row
    LEFT JOIN pg_description ds ON ds.objoid = x.indexrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
    WHERE t.relkind IN ('r', 'p')
      -- A partition's index attached to its parent's partitioned index comes and goes with that one.
      AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = x.indexrelid)
      AND n.nspname = ANY(%(schemas)s)
) s
-- Read once for every index (few have any) rather than probed per index.
LEFT JOIN (SELECT a.attrelid, json_object_agg(a.attnum, a.attstattarget) AS statistics
           FROM pg_attribute a JOIN pg_class i ON i.oid = a.attrelid AND i.relkind IN ('i', 'I')
           WHERE a.attstattarget >= 0
           GROUP BY a.attrelid) st ON st.attrelid = s.indexrelid
ORDER BY 1, 2, 3
