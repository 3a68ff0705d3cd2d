-- Sequences, with the column that owns them (serial). Identity sequences
-- (internal dependency) belong to their column and are left out.
SELECT n.nspname AS schema_name, c.relname AS name,
       format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start, s.seqincrement AS increment,
       s.seqmin AS min_value, s.seqmax AS max_value,
       s.seqcache AS cache, s.seqcycle AS cycle,
       (SELECT CASE WHEN tn.nspname = n.nspname THEN quote_ident(t.relname)
                    ELSE quote_ident(tn.nspname) || '.' || quote_ident(t.relname) END
               || '.' || quote_ident(a.attname)
          FROM pg_depend d
          JOIN pg_class t ON t.oid = d.refobjid
          JOIN pg_namespace tn ON tn.oid = t.relnamespace
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
           AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
         LIMIT 1) AS owned_by,
       ds.description AS comment,
       c.relpersistence = 'u' AS unlogged
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
-- obj_description as a join: the function runs a query per row
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind = 'S'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('i', 'e'))
ORDER BY 1, 2
