-- Table constraints in pg_get_constraintdef's canonical form.
SELECT n.nspname AS schema_name, c.relname AS table_name, k.conname AS name,
       k.contype AS kind, pg_get_constraintdef(k.oid) AS definition,
       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
             ORDER BY u.ord) AS columns,
       ds.description AS comment, di.description AS index_comment,
       -- A key's index storage parameters, which pg_get_constraintdef leaves out (pg_dump adds them), spelled
       -- as pg_get_indexdef prints them: a value that is a plain name bare, any other quoted.
       (SELECT string_agg(split_part(o, '=', 1) || '=' ||
                          CASE WHEN quote_ident(substr(o, strpos(o, '=') + 1)) = substr(o, strpos(o, '=') + 1)
                               THEN substr(o, strpos(o, '=') + 1) ELSE quote_literal(substr(o, strpos(o, '=') + 1)) END,
                          ', ' ORDER BY u.ord)
        FROM pg_class i, unnest(i.reloptions) WITH ORDINALITY AS u(o, ord)
        WHERE i.oid = k.conindid AND k.contype IN ('p', 'u')) AS index_options,
       -- False for a partitioned table's key added ON ONLY that not every partition has attached yet.
       (SELECT x.indisvalid FROM pg_index x WHERE x.indexrelid = k.conindid AND k.contype IN ('p', 'u', 'x'))
         AS index_valid
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
-- obj_description as a join: the function runs a query per row
LEFT JOIN pg_description ds ON ds.objoid = k.oid AND ds.classoid = 'pg_constraint'::regclass AND ds.objsubid = 0
-- A key's or exclusion constraint's own index (a foreign key's conindid is the referenced table's index).
LEFT JOIN pg_description di ON di.objoid = k.conindid AND di.classoid = 'pg_class'::regclass AND di.objsubid = 0
  AND k.contype IN ('p', 'u', 'x')
WHERE k.contype IN ('p', 'u', 'c', 'f', 'x')
  -- Copies a partition or inheritance child gets from its parent (and the per-partition rows of a
  -- foreign key to a partitioned table) come and go with the parent's own.
  AND k.conislocal AND k.conparentid = 0
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, CASE k.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'c' THEN 2 WHEN 'x' THEN 3 ELSE 4 END, 3
